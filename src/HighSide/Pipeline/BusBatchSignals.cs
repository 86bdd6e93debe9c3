using MassTransit;
using TransferPipeline.HighSide.Contracts;

namespace TransferPipeline.HighSide.Pipeline;

/// <summary>In the daemon: a verified batch wakes the gate pipeline and a cleared one the publisher, through the bus.</summary>
internal sealed class BusBatchSignals(IBus bus) : IBatchSignals
{
    public Task BatchVerifiedAsync(string batchId, CancellationToken cancellationToken) =>
        bus.Publish(new BatchVerified(batchId), cancellationToken);

    public Task BatchClearedAsync(string batchId, CancellationToken cancellationToken) =>
        bus.Publish(new PublishBatch(batchId), cancellationToken);
}
