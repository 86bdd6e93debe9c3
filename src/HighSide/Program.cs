using TransferPipeline.HighSide;
using TransferPipeline.Hosting.Cli;

return await CommandLineEntry.RunAsync(HighSideHost.Side, HighSideCommandLine.Build(), args);
