using MassTransit;
using TransferPipeline.HighSide.Contracts;
using TransferPipeline.HighSide.Pipeline;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>Scans a batch, then wakes the gate pipeline for it.</summary>
internal sealed class ScanBatchConsumer(BatchScanService scanner, BatchPipeline pipeline) : IConsumer<ScanBatch>
{
    public async Task Consume(ConsumeContext<ScanBatch> context)
    {
        await scanner.ScanAsync(context.Message.BatchId, context.CancellationToken);
        await pipeline.AdvanceAsync(context.Message.BatchId, context.CancellationToken);
    }
}
