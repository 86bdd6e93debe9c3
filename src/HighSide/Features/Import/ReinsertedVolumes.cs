using TransferPipeline.HighSide.Batches;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Media inserted again: a volume already in quarantine (the SHA-256 of its SHA256SUMS and of its manifest are those its
/// verified copy was recorded with) is skipped without copying, audited, and its batch's state is said plainly. The same
/// sequence cut again (another manifest) is not this volume: it goes on to the import's rules and is refused as a replay. A batch whose volumes are all in but
/// whose assembly a crash or a full disk stopped is finished here, so running the same import again always completes it.
/// </summary>
internal sealed class ReinsertedVolumes(BatchRepository batches, BatchAssembler assembler, QuarantineManifest manifests, QuarantineRoom room,
    AuditTrail audit)
{
    /// <summary>What became of the volume's batch when the volume is already in quarantine; null when it is not.</summary>
    public async Task<Outcome<ImportResult>?> SkipKnownAsync(string volume, CancellationToken cancellationToken)
    {
        string? sums;
        try
        {
            // A hostile or uncommitted volume is not known; the import refuses it with its reason.
            (sums, var hostile) = await VolumeFingerprint.SumsDigestAsync(volume, cancellationToken);
            sums = hostile is null ? sums : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (sums is null || await batches.FindVolumeAsync(sums, cancellationToken) is not { } known
            || await batches.FindAsync(known.BatchId, cancellationToken) is not { } batch
            || batch.ManifestSha256 != await VolumeFingerprint.ManifestDigestAsync(volume, cancellationToken))
        {
            return null;
        }

        await audit.RecordAsync(HostUser.Actor, "import.volume-skipped", batch.Id,
            new { volume = known.Number, batchState = batch.State, source = volume }, cancellationToken);
        return await SkipAsync(known.BatchId, known.Number, cancellationToken);
    }

    /// <summary>Finishes the batch's assembly when every volume is in, and says what state it is in.</summary>
    public async Task<Outcome<ImportResult>> SkipAsync(string id, int number, CancellationToken cancellationToken)
    {
        var batch = await batches.FindAsync(id, cancellationToken) ?? throw new InvalidOperationException($"volume {number} of unknown batch {id}");
        if (batch.State == BatchStates.Assembling && (await batches.VolumeNumbersAsync(id, cancellationToken)).Count == batch.VolumeCount)
        {
            var manifest = await manifests.ReadAsync(batch, cancellationToken);
            if (manifest.IsOk && await room.CheckAssemblyAsync(batch, manifest.Value!, cancellationToken) is { } full)
            {
                return full;
            }

            // An unreadable manifest is refused by the assembler, as quarantine-tampered.
            batch = await assembler.CompleteAsync(id, manifest.IsOk ? manifest.Value : null, cancellationToken);
        }

        return new ImportResult(batch.Id, batch.BatchId, batch.State, ImportReasons.VolumeAlreadyImported, Describe(number, batch))
        {
            AlreadyImported = true,
        };
    }

    private static string Describe(int number, BatchRecord batch)
    {
        var skipped = $"volume {number} of batch {batch.Id} is already in quarantine; skipped";
        return batch.State switch
        {
            BatchStates.Published => $"{skipped}: batch {batch.Id} is already published",
            BatchStates.Refused or BatchStates.Rejected => $"{skipped}: batch {batch.Id} was {batch.State} [{batch.ReasonCode}]: {batch.Reason}",
            BatchStates.Assembling or BatchStates.WaitingForBlobs => $"{skipped}: batch {batch.Id} is {batch.State}, {batch.WaitingFor}",
            _ => $"{skipped}: batch {batch.Id} is {batch.State}" + (batch.WaitingFor is { } waiting ? $", {waiting}" : ""),
        };
    }
}
