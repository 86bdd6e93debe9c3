using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// Scans a batch that has not been approved yet again: after a failed scan (the scanner fixed), or with newer scanner
/// data. The old result and findings are dropped, so waivers signed for findings that are gone no longer matter and new
/// findings must be waived anew.
/// </summary>
internal sealed class RescanService(BatchRepository batches, ScanRepository scans, BatchPipeline pipeline)
{
    private static readonly string[] Rescannable = [BatchStates.Verified, BatchStates.Scanning, BatchStates.BlockedByScan, BatchStates.AwaitingApproval];

    public async Task<Outcome<BatchRecord>> RescanAsync(string batchId, string actor, CancellationToken cancellationToken)
    {
        var batch = await batches.FindAsync(batchId, cancellationToken);
        if (batch is null)
        {
            return new Failure("batch-not-found", $"no batch {batchId}", FailureKind.NotFound);
        }

        if (!Rescannable.Contains(batch.State))
        {
            return new Failure("batch-not-rescannable", $"batch {batchId} is {batch.State}; only a batch not yet approved is scanned again",
                FailureKind.Conflict);
        }

        await scans.ForgetAsync(batchId, actor, cancellationToken);
        return (await pipeline.AdvanceAsync(batchId, cancellationToken))!;
    }

    /// <summary>
    /// Scans again every batch held in `scanning` by a failed scan: called when new scanner data is activated, since the
    /// failure was most often that no data was in force.
    /// </summary>
    public async Task<int> RescanFailedAsync(string actor, CancellationToken cancellationToken)
    {
        var rescanned = 0;
        foreach (var batch in await batches.InStatesAsync([BatchStates.Scanning], cancellationToken))
        {
            if (await scans.ResultAsync(batch.Id, cancellationToken) is { Outcome: ScanOutcome.Failed })
            {
                await RescanAsync(batch.Id, actor, cancellationToken);
                rescanned++;
            }
        }

        return rescanned;
    }
}
