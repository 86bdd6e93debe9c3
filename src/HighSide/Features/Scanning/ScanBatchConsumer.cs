using MassTransit;
using TransferPipeline.HighSide.Contracts;
using TransferPipeline.HighSide.Pipeline;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>Scans a batch under its claim, then wakes the gate pipeline for it; a batch another worker holds is left to it.</summary>
internal sealed class ScanBatchConsumer(BatchScanService scanner, BatchPipeline pipeline, ILogger<ScanBatchConsumer> logger) : IConsumer<ScanBatch>
{
    public async Task Consume(ConsumeContext<ScanBatch> context)
    {
        var id = context.Message.BatchId;
        var attempt = await scanner.ScanUnscannedAsync(id, context.CancellationToken);
        logger.LogInformation("Scanning {BatchId}: {Attempt}", id, attempt switch
        {
            ScanAttempt.Scanned => "scanned",
            ScanAttempt.AlreadyScanned => "already scanned; nothing to do",
            _ => "held by another worker",
        });
        if (attempt != ScanAttempt.HeldByAnotherWorker)
        {
            await pipeline.AdvanceAsync(id, context.CancellationToken);
        }
    }
}
