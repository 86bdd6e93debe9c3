using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>Batch listing and the detail an officer reviews; used by `batch list|show` and the HTTP API.</summary>
internal sealed class BatchQueries(BatchRepository batches, BatchBlobRepository batchBlobs, ApprovalTally approvals, PublishPlanner planner,
    ScanQueries scans, StatementScan statementScan)
{
    public async Task<IReadOnlyList<BatchSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await batches.ListAsync(cancellationToken);
        var counts = await batches.ArtifactCountsAsync(cancellationToken);
        return [.. all.Select(b => Summary(b, counts.GetValueOrDefault(b.Id)))];
    }

    public async Task<Outcome<BatchDetail>> ShowAsync(string id, CancellationToken cancellationToken)
    {
        var batch = await batches.FindAsync(id, cancellationToken);
        if (batch is null)
        {
            return new Failure(ApprovalReasons.BatchNotFound, $"no batch {id}", FailureKind.NotFound);
        }

        var totals = await batchBlobs.ArtifactTotalsAsync(batch.Id, cancellationToken);
        var artifacts = new List<ArtifactDetail>();
        foreach (var artifact in await batches.ArtifactsAsync(batch.Id, cancellationToken))
        {
            artifacts.Add(await DetailAsync(artifact, totals.GetValueOrDefault(artifact.Position), cancellationToken));
        }

        var tally = batch.ManifestSha256 is null ? null : await approvals.EvaluateAsync(batch, cancellationToken);
        var plan = batch.ManifestSha256 is null ? default : await planner.PlanAsync(batch, cancellationToken);
        var decisions = (tally?.Verdicts ?? [])
            .Select(v => new ApprovalDetail(v.Approval.Decision, v.Approval.Officer, v.Approval.KeyId, v.Approval.RecordedUtc,
                null, v.Counts, v.DiscountedBecause))
            .Concat((await approvals.RejectionsAsync(batch.Id, cancellationToken))
                .Select(r => new ApprovalDetail(r.Decision, r.Officer, r.KeyId, r.RecordedUtc, r.Reason, Counts: true, null)))
            .ToList();
        return new BatchDetail(
            Summary(batch, artifacts.Count),
            batch.ManifestSha256,
            batch.KeyId,
            batch.CreatedUtc,
            batch.ExpiresUtc,
            batch.Reason,
            artifacts,
            decisions,
            tally?.Counted ?? 0,
            tally?.Required ?? 0,
            plan.Value?.Lines ?? [],
            plan.Value?.Sha256,
            tally?.Unavailable?.Message ?? plan.Error?.Message ?? plan.Value?.TooLargeToDecide(batch.Id)?.Message,
            await scans.ReportAsync(batch.Id, cancellationToken),
            await statementScan.OfBatchAsync(batch.Id, cancellationToken));
    }

    private async Task<ArtifactDetail> DetailAsync(ArtifactRecord artifact, ArtifactBlobTotals? totals, CancellationToken cancellationToken)
    {
        var previous = await batches.PreviousPublishedAsync(artifact.Kind, artifact.Name, artifact.BatchId, cancellationToken);
        var blobs = totals?.Blobs ?? 0;
        var shared = previous is null ? 0 : await batchBlobs.SharedCountAsync(artifact, previous, cancellationToken);
        var change = previous is null ? "first import"
            : previous.Digest == artifact.Digest ? "unchanged (same digest as published)"
            : $"update from {previous.Version ?? previous.Digest}";
        return new ArtifactDetail(artifact.Kind, artifact.Name, artifact.Version, artifact.Source, artifact.Digest,
            totals?.Bytes ?? 0, artifact.Requester, artifact.Justification, artifact.Ticket, change,
            previous?.Version, previous?.Digest, (int)(blobs - shared), (int)shared, artifact.PublishedUtc is not null);
    }

    private static BatchSummary Summary(BatchRecord b, int artifacts) =>
        new(b.Id, b.SiteId, b.Sequence, b.State, b.ReasonCode, b.VolumeCount, b.PayloadBytes, artifacts, b.ImportedUtc, b.WaitingFor);
}
