using TransferPipeline.Shared.Batches.Recovery;
using TransferPipeline.Shared.Hashing;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Last stage: every byte. Files are hashed in parallel (one per core), each streamed in constant memory. A blob
/// whose chunks are all on this volume is read as one piece of work: each chunk against its own hash and the chunks
/// joined against the blob's digest, in one read. Chunks spread over volumes are joined when the high side
/// reassembles the batch.
/// </summary>
internal static class VolumeContentCheck
{
    public static async Task<(BatchVerificationResult? Failure, long Bytes)> RunAsync(
        string volumeDirectory, int volumeNumber, BatchManifest manifest, BatchVerificationOptions options,
        CancellationToken cancellationToken)
    {
        var work = PlanWork(volumeNumber, manifest, options.ReadBack);
        BatchVerificationResult? failure = null;
        long bytes = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(work, new ParallelOptions
            {
                MaxDegreeOfParallelism = Math.Max(1, options.Parallelism),
                CancellationToken = stop.Token,
            }, async (item, ct) =>
            {
                var problem = item.JoinedDigest is null
                    ? await CheckAsync(volumeDirectory, volumeNumber, item.Files[0], options, ct)
                    : await ChunkJoin.CheckAsync(volumeDirectory, item, options.Progress, ct);
                Interlocked.Add(ref bytes, item.Size);
                if (problem is not null && Interlocked.CompareExchange(ref failure, problem, null) is null)
                {
                    await stop.CancelAsync();
                }
            });
        }
        catch (OperationCanceledException) when (failure is not null && !cancellationToken.IsCancellationRequested)
        {
            // Stopped early because one file already failed.
        }

        return (failure, bytes);
    }

    private static List<ContentWork> PlanWork(int volumeNumber, BatchManifest manifest, PayloadReadBack? readBack)
    {
        // A damaged recovery file does not make the volume invalid (REC-4): whoever repairs checks them itself.
        var files = manifest.Files.Where(f => f.Volume == volumeNumber && !RecoveryFileNames.IsRecoveryFile(f.Path))
            .ToDictionary(f => f.Path, StringComparer.Ordinal);
        var work = new List<ContentWork>(files.Count);
        // The writer has already joined what it read back against each digest, so its own check needs no join; the high side
        // joins its copy's chunks when it reassembles the blobs (HIGH-4), streaming them into the store once.
        var joinable = readBack is null
            ? manifest.Blobs.Where(b => b.Chunks is { } chunks && chunks.All(c => c.Volume == volumeNumber))
            : [];
        foreach (var blob in joinable)
        {
            var chunks = blob.Chunks!.Select(c => files[c.Path]).ToList();
            foreach (var chunk in chunks)
            {
                files.Remove(chunk.Path);
            }

            work.Add(new ContentWork(chunks, blob.Digest, blob.Size));
        }

        work.AddRange(files.Values.Select(f => new ContentWork([f], null, f.Size)));
        // Largest first keeps both cores busy until the end.
        work.Sort((a, b) => b.Size.CompareTo(a.Size));
        return work;
    }

    private static async Task<BatchVerificationResult?> CheckAsync(
        string volumeDirectory, int volumeNumber, ManifestFile file, BatchVerificationOptions options, CancellationToken cancellationToken)
    {
        var progress = options.Progress;
        if (options.ReadBack?.Matches(volumeNumber, file.Path, file.Sha256) is { } matches)
        {
            // The inventory has already checked the file's size on the volume.
            progress?.Report(file.Size);
            return matches
                ? null
                : BatchVerificationResult.Fail(HashMismatch, $"'{file.Path}' does not match its sha256 in the manifest (hashed as it was written)");
        }

        HashedLength hashed;
        await using (var stream = Sha256Digest.OpenSequential(Path.Combine(volumeDirectory, file.Path)))
        {
            hashed = await Sha256Digest.ComputeAsync(stream, cancellationToken);
        }

        progress?.Report(hashed.Length);
        if (hashed.Length != file.Size)
        {
            return BatchVerificationResult.Fail(SizeMismatch, $"'{file.Path}' is {hashed.Length} bytes; the manifest says {file.Size}");
        }

        return hashed.Sha256 == file.Sha256
            ? null
            : BatchVerificationResult.Fail(HashMismatch, $"'{file.Path}' does not match its sha256 in the manifest: its content was altered or replaced");
    }
}
