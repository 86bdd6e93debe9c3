using TransferPipeline.HighSide;

return await HighSideCommandLine.Build().Parse(args).InvokeAsync();
