using TransferPipeline.Hosting.Cli;
using TransferPipeline.LowSide;

return await CommandLineEntry.RunAsync(LowSideHost.Side, LowSideCommandLine.Build(), args);
