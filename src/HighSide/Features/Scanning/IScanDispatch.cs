namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>Starts the scan of a batch: at once in a CLI command, through the bus in the daemon (the scan gate holds meanwhile).</summary>
internal interface IScanDispatch
{
    Task RequestAsync(string batchId, CancellationToken cancellationToken);
}
