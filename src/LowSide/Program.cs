using TransferPipeline.Hosting.Cli;
using TransferPipeline.LowSide;

return await CommandLineEntry.RunAsync(LowSideCommandLine.Build(), args);
