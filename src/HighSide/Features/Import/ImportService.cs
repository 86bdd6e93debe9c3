using System.Globalization;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Restore;
using TransferPipeline.HighSide.Features.Trust;
using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Metrics;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Imports volumes: copies each into local quarantine (within its quota), verifies the copy (never the media),
/// applies the high side's rules (creation time, replay, rollback, policy), records it, and completes the batch
/// when its last volume arrives. Only an accepted volume moves the newest time seen. Refused copies stay in
/// quarantine with their reason for Import:KeepRefusedDays. A volume already in quarantine is skipped (media inserted again),
/// and a disk too small for the batch is found before copying, or when it fills up, without leaving anything half-written.
/// </summary>
internal sealed class ImportService(DataDirectory data, Database database, BatchRepository batches, TrustService trust,
    ImportRules rules, QuarantineSpace space, QuarantineRoom room, QuarantineRepair repairer, ReinsertedVolumes reinserted, SettingsRepository settings,
    RestoreGate restored, BatchAssembler assembler, AuditTrail audit, IOptions<ImportOptions> options, TimeProvider clock, ILogger<ImportService> logger,
    PipelineMetrics metrics)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public async Task<Outcome<IReadOnlyList<ImportResult>>> ImportAsync(string path, CancellationToken cancellationToken)
    {
        var volumes = VolumeSources.Find(path);
        if (volumes.Count == 0)
        {
            return new Failure(ImportReasons.NoVolume, $"'{path}' is neither a batch volume nor a directory holding volumes", FailureKind.NotFound);
        }

        var results = new List<ImportResult>();
        foreach (var volume in volumes)
        {
            var outcome = await ImportVolumeAsync(volume, cancellationToken);
            if (!outcome.IsOk)
            {
                return outcome.Error;
            }

            results.Add(outcome.Value);
        }

        return results;
    }

    public async Task<Outcome<ImportResult>> ImportVolumeAsync(string volume, CancellationToken cancellationToken)
    {
        if (await restored.RefuseIfUnconfirmedAsync("import", cancellationToken) is { } unconfirmed)
        {
            return unconfirmed;
        }

        using var timing = metrics.Time("import");
        await OneAtATime.WaitAsync(cancellationToken);
        try
        {
            await using var exclusive = await ImportLock.AcquireAsync(data.Incoming(), cancellationToken);
            var incoming = Path.Combine(data.Incoming(), Guid.NewGuid().ToString("N"));
            try
            {
                return await ImportLockedAsync(volume, incoming, cancellationToken);
            }
            catch (IOException ex) when (DiskSpace.IsFull(ex))
            {
                // The partial copy goes below, a half-written blob went with its stream; what is whole stays for the next run.
                logger.LogWarning("Import of {Volume} stopped: the disk under quarantine is full ({Message})", volume, ex.Message);
                var full = ImportErrors.DiskFilled(volume, ex);
                await audit.RecordAsync(HostUser.Actor, "import.insufficient-space", volume, new { message = full.Message }, CancellationToken.None);
                return full;
            }
            finally
            {
                // Accepted and refused copies were moved into quarantine; whatever is left here was interrupted.
                QuarantineCopier.TryDelete(incoming);
                QuarantineCopier.TryDelete(JoinedParts.DirectoryOf(incoming));
            }
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private async Task<Outcome<ImportResult>> ImportLockedAsync(string volume, string incoming, CancellationToken cancellationToken)
    {
        await space.RemoveOldRefusedAsync(cancellationToken);
        if (await reinserted.SkipKnownAsync(volume, cancellationToken) is { } skipped)
        {
            return skipped;
        }

        if (await room.CheckVolumeAsync(volume, cancellationToken) is { } tooSmall)
        {
            await audit.RecordAsync(HostUser.Actor, "import.insufficient-space", volume, new { message = tooSmall.Message }, cancellationToken);
            return tooSmall;
        }

        VolumeCopy copy;
        try
        {
            copy = await QuarantineCopier.CopyAsync(volume, incoming, space.NextCopy(), ReadRetry.From(options.Value, clock), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && !(ex is IOException io && DiskSpace.IsFull(io)))
        {
            await audit.RecordAsync(HostUser.Actor, "import.copy-failed", volume, new { message = ex.Message }, CancellationToken.None);
            return new Failure(ImportReasons.CopyFailed, $"copying {volume} into quarantine failed; nothing was kept, insert the media again: {ex.Message}");
        }

        using (copy)
        {
            if (copy.Refusal is not null)
            {
                return await RefuseAsync(null, null, null, copy.Refusal, volume, cancellationToken);
            }

            var outcome = await CheckCopyAsync(volume, incoming, copy, cancellationToken);
            return outcome.IsOk ? outcome.Value! with { Unreadable = copy.Unreadable } : outcome;
        }
    }

    private async Task<Outcome<ImportResult>> CheckCopyAsync(string volume, string incoming, VolumeCopy copy, CancellationToken cancellationToken)
    {
        var unreadable = copy.Unreadable;
        if (unreadable.Count > 0)
        {
            logger.LogWarning("{Count} region(s) of {Volume} could not be read and were copied as zeros", unreadable.Count, volume);
            await audit.RecordAsync(HostUser.Actor, "import.unreadable-regions", volume,
                new { regions = unreadable.Select(r => new { path = r.Path, offset = r.Offset, length = r.Length, error = r.Error }) },
                cancellationToken);
        }

        var now = clock.GetUtcNow();
        // The payload's hashes were taken as the copy was written; only a repaired copy is read again, in full.
        var verdict = await VerifyCopyAsync(incoming, volume, now, PayloadReadBack.OfCopy(copy.Written!), cancellationToken);
        if (!verdict.IsValid)
        {
            // Repaired or refused, the copy is then an ordinary one: every chunk in its own file.
            await copy.Parts.MaterializeAsync(incoming, cancellationToken);
        }

        if (QuarantineRepair.Applies(verdict))
        {
            var repair = await repairer.RepairAsync(incoming, volume, verdict, cancellationToken);
            if (!repair.IsOk)
            {
                return await RefuseAsync(incoming, verdict.Manifest, verdict.ManifestSha256, repair.Error, volume, cancellationToken);
            }

            if (repair.Value)
            {
                // The repaired files are new data: durable before the volume can be recorded, as the copy was.
                Shared.FileSystem.DurableFile.SyncFileSystem(incoming);
                verdict = await VerifyCopyAsync(incoming, volume, now, null, cancellationToken);
            }
        }

        if (!verdict.IsValid)
        {
            return await RefuseAsync(
                incoming,
                verdict.Manifest,
                verdict.ManifestSha256,
                new Failure(verdict.ReasonCode!, unreadable.Count == 0
                    ? verdict.Message
                    : $"{verdict.Message}; {unreadable.Count} region(s) of the media could not be read and were copied as zeros: "
                        + MediaRegionCopier.Describe(unreadable)),
                volume,
                cancellationToken);
        }

        var manifest = verdict.Manifest!;
        var (existing, rule) = await rules.CheckAsync(manifest, verdict.ManifestSha256!, now, cancellationToken);
        if (rule is not null)
        {
            await copy.Parts.MaterializeAsync(incoming, cancellationToken);
            return await RefuseAsync(incoming, manifest, verdict.ManifestSha256, rule, volume, cancellationToken);
        }

        var number = verdict.VolumeNumber!.Value;
        if (existing is not null && (await batches.VolumeNumbersAsync(existing.Id, cancellationToken)).Contains(number))
        {
            // Recorded by another import between the check before the copy and now.
            return await reinserted.SkipAsync(existing.Id, number, cancellationToken);
        }

        return await AcceptVolumeAsync(incoming, copy.Parts, existing, manifest, verdict.ManifestSha256!, number, cancellationToken);
    }

    private async Task<BatchVerificationResult> VerifyCopyAsync(string incoming, string volume, DateTimeOffset now, PayloadReadBack? written,
        CancellationToken cancellationToken)
    {
        // A clock set back does not revive an expired batch: expiry is judged against the newest time already seen too.
        var newestSeen = await settings.GetTimeAsync(SettingsRepository.NewestSeenUtc, cancellationToken) ?? now;
        var options = new BatchVerificationOptions
        {
            Now = newestSeen > now ? newestSeen : now,
            Parallelism = Math.Max(1, Environment.ProcessorCount),
            ReadBack = written,
            // Beside the copy, on the file system that holds quarantine, never in the volume's own directory.
            WorkDirectory = data.Incoming(),
        };
        var keys = await trust.SigningKeysAsync(cancellationToken);
        var verdict = await metrics.TimeAsync("verify", () => VolumeVerifier.VerifyAsync(incoming, keys, options, cancellationToken));
        await audit.RecordAsync(AuditTrail.System, "volume.verified", verdict.Manifest?.BatchId ?? volume,
            new
            {
                valid = verdict.IsValid,
                reason = verdict.ReasonCode,
                message = verdict.Message,
                volume = verdict.VolumeNumber,
                source = volume,
            },
            cancellationToken);
        return verdict;
    }

    private async Task<Outcome<ImportResult>> AcceptVolumeAsync(
        string incoming,
        JoinedParts parts,
        BatchRecord? existing,
        BatchManifest manifest,
        string manifestSha256,
        int number,
        CancellationToken cancellationToken)
    {
        var id = manifest.BatchId;
        var target = Path.Combine(data.BatchVolumes(id), number.ToString("D3", CultureInfo.InvariantCulture));
        // Both moved (and their folders flushed) before the volume is recorded: a crash in between leaves no record, and the
        // volume is imported again, replacing both.
        parts.DropPlaceholders(incoming);
        MoveInto(incoming, target);
        parts.MoveTo(Path.Combine(data.BatchJoined(id), number.ToString("D3", CultureInfo.InvariantCulture)));
        var sums = manifest.Volumes.Single(v => v.Number == number).Sha256Sums;
        var now = clock.GetUtcNow();
        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            if (existing is null)
            {
                var record = NewRecord(id, manifest, manifestSha256, BatchStates.Assembling, null, now);
                await BatchRepository.InsertAsync(unit.Connection, unit.Transaction, record, cancellationToken);
                await BatchRepository.InsertArtifactsAsync(unit.Connection, unit.Transaction, id, manifest, cancellationToken);
                await BatchBlobRepository.InsertArtifactBlobsAsync(unit.Connection, unit.Transaction, id, manifest.Artifacts, cancellationToken);
                await BatchBlobRepository.InsertAsync(unit.Connection, unit.Transaction, id, manifest.Blobs, cancellationToken);
            }

            await BatchRepository.InsertVolumeAsync(unit.Connection, unit.Transaction, id, number, sums, now, cancellationToken);
            // Only now, every rule passed, does the batch's time count as seen.
            await SettingsRepository.RaiseTimeAsync(unit.Connection, unit.Transaction, SettingsRepository.NewestSeenUtc,
                rules.TimeSeen(manifest, now), cancellationToken);
            await unit.RecordAsync(HostUser.Actor, "volume.imported", id,
                new
                {
                    volume = number,
                    volumes = manifest.Volumes.Count,
                    site = manifest.SiteId,
                    sequence = manifest.Sequence,
                    manifestSha256,
                },
                cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        logger.LogInformation("Volume {Volume} of batch {BatchId} is in quarantine", number, id);
        return await ProgressAsync(id, manifest, new CopiedParts(number, parts), cancellationToken);
    }

    private async Task<ImportResult> ProgressAsync(string id, BatchManifest manifest, CopiedParts copied, CancellationToken cancellationToken)
    {
        var have = await batches.VolumeNumbersAsync(id, cancellationToken);
        var missing = manifest.Volumes.Where(v => !have.Contains(v.Number)).ToList();
        if (missing.Count > 0)
        {
            var waiting = $"waiting for volume(s) {string.Join(", ", missing.Select(v => $"{v.Number} ({v.Name})"))} of {manifest.Volumes.Count}";
            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                await BatchRepository.SetStateAsync(connection, null, id, BatchStates.Assembling, null, null, waiting, clock.GetUtcNow(), cancellationToken);
            }

            return new ImportResult(id, id, BatchStates.Assembling, null, waiting);
        }

        var batch = await assembler.CompleteAsync(id, manifest, cancellationToken, copied);
        var assembled = $"all {manifest.Volumes.Count} volume(s) verified, {manifest.Artifacts.Count} artifact(s) assembled in quarantine";
        var message = batch.Reason
            ?? (batch.State == BatchStates.WaitingForBlobs ? batch.WaitingFor : null)
            ?? (batch.WaitingFor is { } gate ? $"{assembled}; {gate}" : assembled);
        return new ImportResult(id, id, batch.State, batch.ReasonCode, message);
    }

    private async Task<Outcome<ImportResult>> RefuseAsync(string? incoming, BatchManifest? manifest, string? manifestSha256, Failure reason, string source,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = $"{manifest?.BatchId ?? "unknown"}-refused-{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        if (incoming is not null)
        {
            MoveInto(incoming, Path.Combine(data.BatchVolumes(id), "copy"));
        }

        await using (var unit = await audit.BeginAsync(cancellationToken))
        {
            var record = NewRecord(id, manifest, manifestSha256, BatchStates.Refused, reason, now);
            await BatchRepository.InsertAsync(unit.Connection, unit.Transaction, record, cancellationToken);
            await unit.RecordAsync(AuditTrail.System, "batch.refused", id,
                new
                {
                    reason = reason.Code,
                    message = reason.Message,
                    source,
                    batch = manifest?.BatchId,
                    site = manifest?.SiteId,
                    sequence = manifest?.Sequence,
                },
                cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        logger.LogWarning("Volume {Source} refused [{Reason}]: {Message}", source, reason.Code, reason.Message);
        return new ImportResult(id, manifest?.BatchId, BatchStates.Refused, reason.Code, reason.Message);
    }

    private static BatchRecord NewRecord(string id, BatchManifest? manifest, string? manifestSha256, string state, Failure? reason, DateTimeOffset now) => new()
    {
        Id = id,
        BatchId = manifest?.BatchId,
        SiteId = manifest?.SiteId,
        Sequence = manifest?.Sequence,
        State = state,
        ReasonCode = reason?.Code,
        Reason = reason?.Message,
        ManifestSha256 = manifestSha256,
        KeyId = manifest is null ? null : BatchIdentifiers.PrintedKeyId(manifest.KeyId),
        VolumeCount = manifest?.Volumes.Count ?? 0,
        PayloadBytes = manifest?.Volumes.Sum(v => v.Bytes) ?? 0,
        CreatedUtc = manifest?.CreatedUtc,
        ExpiresUtc = manifest?.ExpiresUtc,
        ImportedUtc = now,
        UpdatedUtc = now,
    };

    private static void MoveInto(string source, string target)
    {
        // A leftover from a crash between this move and the database commit is replaced.
        QuarantineCopier.TryDelete(target);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(source, target);
        DurableFileSync(Path.GetDirectoryName(target)!);
    }

    private static void DurableFileSync(string directory) => Shared.FileSystem.DurableFile.SyncDirectory(directory);
}
