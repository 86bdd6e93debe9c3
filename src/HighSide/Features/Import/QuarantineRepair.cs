using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Batches.Recovery;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Repairs the quarantine copy of a volume whose payload fails its hashes from the volume's PAR2 recovery data (never the
/// media), and records the repair in the audit trail. A volume beyond repair is refused with the blocks that were missing and
/// the blocks that could be recovered. The caller verifies the repaired copy in full, as any other.
/// </summary>
internal sealed class QuarantineRepair(AuditTrail audit, ILogger<QuarantineRepair> logger)
{
    /// <summary>True when the volume was identified by its signed manifest and only its payload is wrong.</summary>
    public static bool Applies(BatchVerificationResult verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return !verdict.IsValid && verdict.Manifest is not null && verdict.VolumeNumber is not null
            && verdict.Reason is BatchRejectionReason.HashMismatch or BatchRejectionReason.SizeMismatch or BatchRejectionReason.MissingFile;
    }

    /// <summary>
    /// True when the copy was repaired (verify it again), false when the volume carries no recovery data; a refusal when it is
    /// beyond repair.
    /// </summary>
    public async Task<Outcome<bool>> RepairAsync(string copy, string source, BatchVerificationResult verdict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var manifest = verdict.Manifest!;
        var volume = verdict.VolumeNumber!.Value;
        var result = await VolumeRepairer.RepairAsync(copy, manifest, volume, cancellationToken);
        if (result.Status == VolumeRepairStatus.NoRecoveryData)
        {
            return false;
        }

        var repaired = result.Status == VolumeRepairStatus.Repaired;
        await audit.RecordAsync(AuditTrail.System, repaired ? "volume.repaired" : "volume.repair-failed", manifest.BatchId,
            new
            {
                volume,
                source,
                damage = verdict.Message,
                filesRepaired = result.RepairedFiles.Count,
                files = result.RepairedFiles,
                blocksMissing = result.BlocksMissing,
                recoveryBlocksAvailable = result.RecoveryBlocksAvailable,
                ignoredRecoveryFiles = result.IgnoredRecoveryFiles,
                message = result.Message,
            },
            cancellationToken);
        if (!repaired)
        {
            return new Failure(
                ImportReasons.VolumeBeyondRepair,
                $"volume {volume} of batch {manifest.BatchId} is damaged ({verdict.Message}) and beyond repair: {result.Message}");
        }

        logger.LogWarning("Volume {Volume} of batch {BatchId} was damaged and is repaired in quarantine: {Message}", volume, manifest.BatchId, result.Message);
        return true;
    }
}
