using TransferPipeline.LowSide.Front;

return await FrontEntry.RunAsync(args);
