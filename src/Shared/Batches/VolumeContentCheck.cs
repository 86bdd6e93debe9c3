using TransferPipeline.Shared.Batches.Recovery;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Threading;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Last stage: every byte. Files are hashed in parallel (one per core), each streamed in constant memory: the largest few
/// first, then the rest in list order, read from the manifest's table as they are hashed.
/// Chunks are files like any other (CON-1): that a blob's chunks join to its digest is checked where they are joined, by
/// the writer as it reads them back and by the high side as it reassembles the blob (CON-2), so one large blob in many
/// chunks is verified on every core.
/// </summary>
internal static class VolumeContentCheck
{
    private const int LargestFirst = 256;

    public static (BatchVerificationResult? Failure, long Bytes) Run(
        string volumeDirectory, int volumeNumber, BatchManifest manifest, BatchVerificationOptions options,
        CancellationToken cancellationToken)
    {
        BatchVerificationResult? failure = null;
        long bytes = 0;
        ParallelWork.ForEach(InOrderOfWork(manifest.Files, volumeNumber), options.Parallelism, (file, ct) =>
        {
            var problem = Check(volumeDirectory, volumeNumber, file, options, ct);
            Interlocked.Add(ref bytes, file.Size);
            if (problem is null)
            {
                return true;
            }

            // The first problem found is the verdict; the other threads stop.
            Interlocked.CompareExchange(ref failure, problem, null);
            return false;
        }, cancellationToken);

        return (failure, bytes);
    }

    // A damaged recovery file does not make the volume invalid (REC-4): whoever repairs checks them itself.
    private static bool IsWork(ManifestFile file, int volumeNumber) =>
        file.Volume == volumeNumber && !RecoveryFileNames.IsRecoveryFile(file.Path);

    // The largest files first keep every core busy until the end; only a bounded number of them is held to be sorted, and
    // the rest follow in list order, so memory does not grow with the files.
    private static IEnumerable<ManifestFile> InOrderOfWork(IReadOnlyCollection<ManifestFile> files, int volumeNumber)
    {
        var largest = new PriorityQueue<(ManifestFile File, int Position), long>();
        var position = 0;
        foreach (var file in files)
        {
            if (IsWork(file, volumeNumber))
            {
                largest.Enqueue((file, position), file.Size);
                if (largest.Count > LargestFirst)
                {
                    largest.Dequeue();
                }
            }

            position++;
        }

        var first = new List<(ManifestFile File, int Position)>(largest.Count);
        while (largest.TryDequeue(out var entry, out _))
        {
            first.Add(entry);
        }

        first.Reverse();
        var taken = first.Select(f => f.Position).ToHashSet();
        foreach (var (file, _) in first)
        {
            yield return file;
        }

        position = 0;
        foreach (var file in files)
        {
            if (IsWork(file, volumeNumber) && !taken.Contains(position))
            {
                yield return file;
            }

            position++;
        }
    }

    private static BatchVerificationResult? Check(
        string volumeDirectory, int volumeNumber, ManifestFile file, BatchVerificationOptions options, CancellationToken cancellationToken)
    {
        var progress = options.Progress;
        if (options.ReadBack?.Matches(volumeNumber, file.Path, file.Sha256) is { } matches)
        {
            // The inventory has already checked the file's size on the volume.
            progress?.Report(file.Size);
            return matches
                ? null
                : BatchVerificationResult.Fail(HashMismatch, $"'{file.Path}' as read back where it was written does not match its sha256 in the manifest");
        }

        HashedLength hashed;
        using (var stream = Sha256Digest.OpenSequential(Path.Combine(volumeDirectory, file.Path)))
        {
            hashed = Sha256Digest.Compute(stream, cancellationToken);
        }

        progress?.Report(hashed.Length);
        if (hashed.Length != file.Size)
        {
            return BatchVerificationResult.Fail(SizeMismatch, $"'{file.Path}' is {hashed.Length} bytes; the manifest says {file.Size}");
        }

        return file.Sha256.TextEquals(hashed.Sha256)
            ? null
            : BatchVerificationResult.Fail(HashMismatch, $"'{file.Path}' does not match its sha256 in the manifest: its content was altered or replaced");
    }
}
