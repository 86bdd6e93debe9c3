using TransferPipeline.Bench;

return await BenchCommandLine.RunAsync(args);
