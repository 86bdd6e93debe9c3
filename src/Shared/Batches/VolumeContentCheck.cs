using System.Security.Cryptography;
using TransferPipeline.Shared.Hashing;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Last stage: every byte. Files are hashed in parallel (one per core), each streamed in constant memory;
/// a blob whose chunks all sit on this volume is also checked as a whole against its digest.
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
                var (problem, hashed) = await CheckAsync(volumeDirectory, item, options.Progress, ct);
                Interlocked.Add(ref bytes, hashed);
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

    private static List<WorkItem> PlanWork(int volumeNumber, BatchManifest manifest)
    {
        var grouped = new HashSet<string>(StringComparer.Ordinal);
        var work = new List<WorkItem>();
        foreach (var blob in manifest.Blobs.Where(b => b.Chunks is not null && b.Chunks.All(c => c.Volume == volumeNumber)))
        {
            var files = blob.Chunks!.Select(c => new ManifestFile { Volume = c.Volume, Path = c.Path, Size = c.Size, Sha256 = c.Sha256 }).ToList();
            work.Add(new WorkItem(files, BatchFileNames.DigestHex(blob.Digest), blob.Digest));
            grouped.UnionWith(files.Select(f => f.Path));
        }

        work.AddRange(manifest.Files
            .Where(f => f.Volume == volumeNumber && !grouped.Contains(f.Path))
            .Select(f => new WorkItem([f], null, null)));
        // Largest first keeps both cores busy until the end.
        work.Sort((a, b) => b.TotalBytes.CompareTo(a.TotalBytes));
        return work;
    }

    private static async Task<(BatchVerificationResult? Failure, long Bytes)> CheckAsync(
        string volumeDirectory, WorkItem item, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var whole = item.WholeSha256 is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        foreach (var file in item.Files)
        {
            var path = Path.Combine(volumeDirectory, file.Path);
            HashedLength hashed;
            await using (var stream = Sha256Digest.OpenSequential(path))
            {
                hashed = whole is null
                    ? await Sha256Digest.ComputeAsync(stream, cancellationToken)
                    : await Sha256Digest.CopyAsync(stream, new HashSinkStream(whole), null, null, cancellationToken);
            }

            bytes += hashed.Length;
            progress?.Report(hashed.Length);
            if (hashed.Length != file.Size)
            {
                return (BatchVerificationResult.Fail(SizeMismatch, $"'{file.Path}' is {hashed.Length} bytes; the manifest says {file.Size}"), bytes);
            }

            if (hashed.Sha256 != file.Sha256)
            {
                return (BatchVerificationResult.Fail(HashMismatch, $"'{file.Path}' does not match its sha256 in the manifest: its content was altered or replaced"), bytes);
            }
        }

        if (whole is not null && Convert.ToHexStringLower(whole.GetHashAndReset()) != item.WholeSha256)
        {
            return (BatchVerificationResult.Fail(HashMismatch, $"the chunks of blob {item.BlobDigest} do not reassemble to its digest"), bytes);
        }

        return (null, bytes);
    }

    private sealed record WorkItem(IReadOnlyList<ManifestFile> Files, string? WholeSha256, string? BlobDigest)
    {
        public long TotalBytes { get; } = Files.Sum(f => f.Size);
    }
}
