using MassTransit;
using TransferPipeline.HighSide.Contracts;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>In the daemon: the scan runs in its consumer, which takes the batch on through the gates when it is done.</summary>
internal sealed class BusScanDispatch(IBus bus) : IScanDispatch
{
    public Task RequestAsync(string batchId, CancellationToken cancellationToken) => bus.Publish(new ScanBatch(batchId), cancellationToken);
}
