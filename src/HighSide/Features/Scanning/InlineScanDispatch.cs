namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>For CLI commands: the scan runs before the gate decides, in the same process.</summary>
internal sealed class InlineScanDispatch(BatchScanService scanner) : IScanDispatch
{
    public Task RequestAsync(string batchId, CancellationToken cancellationToken) => scanner.ScanAsync(batchId, cancellationToken);
}
