using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Restore;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// The high side's rules on a volume that verified, in order: its creation time is credible (not beyond the
/// clock plus Import:MaxClockSkew), its sequence is new for its site (replay, rollback), the policy allows it, and its
/// publish plan leaves room in a statement for a rejection.
/// </summary>
internal sealed class ImportRules(BatchRepository batches, ImportPolicy policy, PublishPlanner planner, RestoreGate restored,
    IOptions<ImportOptions> options)
{
    /// <summary>
    /// What an accepted batch tells of the time: its creation, but never beyond the clock plus the allowed skew, so
    /// one batch from a wrong clock or a stolen key cannot make every later batch look expired.
    /// </summary>
    public DateTimeOffset TimeSeen(BatchManifest manifest, DateTimeOffset now) =>
        manifest.CreatedUtc < LatestCredible(now) ? manifest.CreatedUtc : LatestCredible(now);

    private DateTimeOffset LatestCredible(DateTimeOffset now) => now + options.Value.MaxClockSkew;

    /// <summary>
    /// The refusal, if any; otherwise the batch already recorded for this manifest when this is another of its volumes.
    /// </summary>
    public async Task<(BatchRecord? Existing, Failure? Refusal)> CheckAsync(BatchManifest manifest, string manifestSha256, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (manifest.CreatedUtc > LatestCredible(now))
        {
            return (null, new Failure(ImportReasons.CreatedInFuture,
                $"batch {manifest.BatchId} was created at {manifest.CreatedUtc:u}, later than this high side's clock ({now:u}) "
                + $"plus the allowed skew of {options.Value.MaxClockSkew} (Import:MaxClockSkew): a wrong clock on the low side, or a forged batch"));
        }

        var (existing, refusal) = await CheckSequenceAsync(manifest, manifestSha256, cancellationToken);
        return (existing, refusal ?? (existing is null ? policy.Check(manifest) ?? Undecidable(manifest) : null));
    }

    // Such a batch would wait for ever: officers could neither approve it nor reject it. A plan that fails for another
    // reason is left to the steps that use it, which refuse or hold the batch with that reason as before.
    private Failure? Undecidable(BatchManifest manifest) =>
        planner.Plan(manifest.BatchId, manifest.Artifacts) is { IsOk: true } plan ? plan.Value.TooLargeToDecide(manifest.BatchId) : null;

    private async Task<(BatchRecord? Existing, Failure? Error)> CheckSequenceAsync(
        BatchManifest manifest,
        string manifestSha256,
        CancellationToken cancellationToken)
    {
        var existing = await batches.FindBySequenceAsync(manifest.SiteId, manifest.Sequence, cancellationToken);
        if (existing is not null)
        {
            var sameBatch = existing.State == BatchStates.Assembling && existing.BatchId == manifest.BatchId && existing.ManifestSha256 == manifestSha256;
            return sameBatch
                ? (existing, null)
                : (null, new Failure(
                    ImportReasons.Replay,
                    $"site {manifest.SiteId} sequence {manifest.Sequence} was already imported "
                    + $"(batch {existing.Id}, {existing.State}): replay refused"));
        }

        // Confirmed after a restore: sequences imported after the backup are gone from the batches, not from this mark.
        if (await restored.HighWaterAsync(manifest.SiteId, cancellationToken) is { } mark && manifest.Sequence <= mark)
        {
            return (null, new Failure(
                ImportReasons.Replay,
                $"site {manifest.SiteId} sequence {manifest.Sequence} is at or below the replay high-water mark {mark} confirmed after a restore: "
                + "it was imported before; replay refused"));
        }

        var highest = await batches.HighestSequenceAsync(manifest.SiteId, cancellationToken);
        if (highest is not null && highest >= manifest.Sequence)
        {
            return (null, new Failure(
                ImportReasons.Rollback,
                $"site {manifest.SiteId} sequence {manifest.Sequence} is older than sequence {highest}, "
                + "already imported: rollback refused"));
        }

        return await batches.ExistsAsync(manifest.BatchId, cancellationToken)
            ? (null, new Failure(ImportReasons.Replay, $"batch id {manifest.BatchId} is already taken: replay refused"))
            : (null, null);
    }
}
