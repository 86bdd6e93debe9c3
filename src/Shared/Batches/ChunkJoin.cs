using System.Buffers;
using System.Security.Cryptography;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Checks the chunks of a blob that lie on one volume in a single read: each chunk against its own hash, and the
/// chunks in order against the blob's digest. The two hashes of each block run on two cores, so joining costs no
/// wall time over hashing the chunks alone.
/// </summary>
internal static class ChunkJoin
{
    private const int BlockBytes = 1024 * 1024;

    public static async Task<BatchVerificationResult?> CheckAsync(
        string volumeDirectory, ContentWork work, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            foreach (var chunk in work.Files)
            {
                using var piece = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long length = 0;
                await using (var stream = Hashing.Sha256Digest.OpenSequential(Path.Combine(volumeDirectory, chunk.Path)))
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer.AsMemory(0, BlockBytes), cancellationToken)) > 0)
                    {
                        var count = read;
                        var pieceHash = Task.Run(() => piece.AppendData(buffer, 0, count), cancellationToken);
                        whole.AppendData(buffer, 0, count);
                        await pieceHash;
                        length += read;
                        progress?.Report(read);
                    }
                }

                if (length != chunk.Size)
                {
                    return BatchVerificationResult.Fail(SizeMismatch, $"'{chunk.Path}' is {length} bytes; the manifest says {chunk.Size}");
                }

                if (Convert.ToHexStringLower(piece.GetHashAndReset()) != chunk.Sha256)
                {
                    return BatchVerificationResult.Fail(HashMismatch,
                        $"'{chunk.Path}' does not match its sha256 in the manifest: its content was altered or replaced");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var joined = "sha256:" + Convert.ToHexStringLower(whole.GetHashAndReset());
        return joined == work.JoinedDigest
            ? null
            : BatchVerificationResult.Fail(HashMismatch,
                $"the {work.Files.Count} chunks of blob {work.JoinedDigest} on this volume join to {joined}, not to the blob's digest");
    }
}
