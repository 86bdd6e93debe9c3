using MassTransit;
using TransferPipeline.HighSide.Contracts;
using TransferPipeline.HighSide.Pipeline;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>Scans a batch under its claim, then wakes the gate pipeline for it; a batch another worker holds is left to it.</summary>
internal sealed class ScanBatchConsumer(BatchScanService scanner, BatchPipeline pipeline) : IConsumer<ScanBatch>
{
    public async Task Consume(ConsumeContext<ScanBatch> context)
    {
        if (await scanner.ScanUnscannedAsync(context.Message.BatchId, context.CancellationToken))
        {
            await pipeline.AdvanceAsync(context.Message.BatchId, context.CancellationToken);
        }
    }
}
