using System.Security.Cryptography;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Joins the chunks of a blob, in order, into the batch's quarantine store in one pass that writes and hashes (CON-2): the
/// blob is moved into place only when the joined bytes have its digest and size. Written under the store's incoming
/// directory and not flushed on its own (the assembly makes every blob durable with one syncfs), so a crash leaves at most
/// an incomplete file there, which the next assembly discards.
/// </summary>
internal static class ChunkJoiner
{
    // Quarantine is a local disk: a read that fails is an I/O error, not a region to zero and go on.
    private static readonly ReadRetry LocalDisk = new(1, TimeSpan.Zero, ReadRetry.DefaultRegionBytes, TimeProvider.System);

    public static async Task JoinAsync(ContentStore store, IReadOnlyList<string> chunks, string digest, long size,
        CancellationToken cancellationToken)
    {
        var temporary = store.NewIncomingPath();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            await using (var output = WritebackFileStream.CreateNew(temporary))
            {
                foreach (var chunk in chunks)
                {
                    await using var input = Sha256Digest.OpenSequential(chunk);
                    var chunkBytes = input.Length;
                    if (length + chunkBytes > size)
                    {
                        throw new BlobDigestMismatchException(digest, $"its chunks hold more than its {size} bytes");
                    }

                    var unreadable = await MediaRegionCopier.CopyAsync(input, output, chunkBytes, chunk, LocalDisk, hash, cancellationToken);
                    if (unreadable.Count > 0)
                    {
                        throw new IOException($"'{chunk}' in quarantine did not read: {unreadable[0].Error}");
                    }

                    length += chunkBytes;
                }
            }

            var joined = "sha256:" + Sha256Digest.ToHex(hash.GetHashAndReset());
            if (joined != digest || length != size)
            {
                throw new BlobDigestMismatchException(digest, length != size ? $"{length} bytes instead of {size}" : joined);
            }

            var target = store.PathOf(digest);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temporary, target);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
