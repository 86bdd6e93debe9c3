using TransferPipeline.HighSide;
using TransferPipeline.Hosting.Cli;

return await CommandLineEntry.RunAsync(HighSideCommandLine.Build(), args);
