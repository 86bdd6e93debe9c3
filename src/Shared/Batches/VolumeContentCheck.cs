using TransferPipeline.Shared.Batches.Recovery;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Threading;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Last stage: every byte. Files are hashed in parallel (one per core), largest first, each streamed in constant memory.
/// Chunks are files like any other (CON-1): that a blob's chunks join to its digest is checked where they are joined, by
/// the writer as it reads them back and by the high side as it reassembles the blob (CON-2), so one large blob in many
/// chunks is verified on every core.
/// </summary>
internal static class VolumeContentCheck
{
    public static (BatchVerificationResult? Failure, long Bytes) Run(
        string volumeDirectory, int volumeNumber, BatchManifest manifest, BatchVerificationOptions options,
        CancellationToken cancellationToken)
    {
        // A damaged recovery file does not make the volume invalid (REC-4): whoever repairs checks them itself.
        var work = manifest.Files.Where(f => f.Volume == volumeNumber && !RecoveryFileNames.IsRecoveryFile(f.Path)).ToList();
        // Largest first keeps both cores busy until the end.
        work.Sort((a, b) => b.Size.CompareTo(a.Size));
        BatchVerificationResult? failure = null;
        long bytes = 0;
        ParallelWork.ForEach(work, options.Parallelism, (file, ct) =>
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
