using TransferPipeline.LowSide;

return await LowSideCommandLine.Build().Parse(args).InvokeAsync();
