using TransferPipeline.Shared.Hashing;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Last stage: every byte. Files are hashed in parallel (one per core), each streamed in constant memory.
/// Chunks are checked one by one against their signed hashes, so a large blob's chunks use both cores;
/// the whole blob is checked against its digest when the high side reassembles it.
/// </summary>
internal static class VolumeContentCheck
{
    public static async Task<(BatchVerificationResult? Failure, long Bytes)> RunAsync(
        string volumeDirectory, int volumeNumber, BatchManifest manifest, BatchVerificationOptions options,
        CancellationToken cancellationToken)
    {
        var work = PlanWork(volumeNumber, manifest);
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
                var problem = await CheckAsync(volumeDirectory, volumeNumber, item, options, ct);
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

    private static List<ManifestFile> PlanWork(int volumeNumber, BatchManifest manifest)
    {
        var work = manifest.Files.Where(f => f.Volume == volumeNumber).ToList();
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
                : BatchVerificationResult.Fail(HashMismatch, $"'{file.Path}' was read back from the media as other bytes than its sha256 in the manifest");
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
