using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// The room in quarantine. One quota (Import:MaxQuarantineBytes) covers everything in it, verified batches and refused
/// copies alike, and every copy is checked against what is left. Refused batches' copies stay Import:KeepRefusedDays
/// for forensics and are then removed, each with an audit entry, so refusals cannot fill the disk.
/// </summary>
internal sealed class QuarantineSpace(DataDirectory data, BatchRepository batches, ImportPolicy policy, AuditTrail audit,
    IOptions<ImportOptions> options, TimeProvider clock, ILogger<QuarantineSpace> logger)
{
    // Hidden entries (".incoming", lock files) take room too; .NET skips them unless told otherwise.
    private static readonly EnumerationOptions Everything = new() { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.None };

    public long MaxBytes => options.Value.MaxQuarantineBytes
        ?? (policy.MaxBatchBytes > long.MaxValue / ImportOptions.DefaultQuarantineBatches
            ? long.MaxValue
            : ImportOptions.DefaultQuarantineBatches * policy.MaxBatchBytes);

    /// <summary>The most the next volume's copy may hold: what a batch may hold, or less when quarantine has less room left.</summary>
    public CopyQuota NextCopy()
    {
        var used = BytesIn(data.Quarantine());
        var room = Math.Max(0, MaxBytes - used);
        return policy.MaxBatchBytes <= room
            ? new CopyQuota(policy.MaxBatchBytes, new Failure(ImportReasons.QuotaExceeded,
                $"the volume is larger than a batch may be (Policy:MaxBatchBytes {policy.MaxBatchBytes}); the copy was stopped"))
            : new CopyQuota(room, new Failure(ImportReasons.QuotaExceeded,
                $"quarantine holds {used} bytes of its quota of {MaxBytes} (Import:MaxQuarantineBytes) and the volume does not fit "
                + $"in the {room} bytes left; the copy was stopped"));
    }

    /// <summary>Removes the copies of batches refused more than Import:KeepRefusedDays ago, each with an audit entry.</summary>
    public async Task<int> RemoveOldRefusedAsync(CancellationToken cancellationToken)
    {
        var keep = options.Value.KeepRefusedDays;
        var removed = 0;
        foreach (var batch in await batches.RefusedBeforeAsync(clock.GetUtcNow() - TimeSpan.FromDays(keep), cancellationToken))
        {
            var directory = data.BatchDirectory(batch.Id);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var bytes = BytesIn(directory);
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another process's sweep got there first, or a file is held: the next sweep tries again.
                logger.LogWarning(ex, "The refused copy {Directory} could not be removed", directory);
                continue;
            }

            await audit.RecordAsync(AuditTrail.System, "batch.refused-copy-removed", batch.Id,
                new { batch = batch.BatchId, reason = batch.ReasonCode, refusedUtc = batch.UpdatedUtc, keptDays = keep, bytes },
                cancellationToken);
            logger.LogInformation("Removed the copy of {BatchId}, refused {RefusedUtc:u}: {Bytes} bytes freed", batch.Id, batch.UpdatedUtc, bytes);
            removed++;
        }

        return removed;
    }

    private static long BytesIn(string directory) =>
        Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFiles("*", Everything).Sum(f => f.Length) : 0;
}
