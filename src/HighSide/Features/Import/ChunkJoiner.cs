using System.Buffers;
using System.Security.Cryptography;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Joins the chunks of a blob, in order, into the batch's quarantine store in one pass that writes and hashes (CON-2): the
/// blob is moved into place only when the joined bytes have its digest and size. Written under the store's incoming
/// directory and not flushed on its own (the assembly makes every blob durable with one syncfs), so a crash leaves at most
/// an incomplete file there, which the next assembly discards. A blob whose chunks were all copied into one part file, in
/// order, is not joined at all: that file is hashed (or its hash taken as it was copied is used) and moved (<see cref="BatchAssembler"/>).
/// </summary>
internal static class ChunkJoiner
{
    private const int BufferBytes = 4 * 1024 * 1024;

    public static async Task JoinAsync(ContentStore store, IReadOnlyList<JoinSource> chunks, string digest, long size,
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
                    length += await AppendAsync(chunk, output, hash, size - length, digest, cancellationToken);
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

    private static async Task<long> AppendAsync(JoinSource chunk, Stream output, IncrementalHash hash, long room, string digest,
        CancellationToken cancellationToken)
    {
        using var input = File.OpenHandle(chunk.File, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = chunk.Length ?? RandomAccess.GetLength(input);
        if (length > room)
        {
            throw new BlobDigestMismatchException(digest, $"its chunks hold {length - room} bytes more than it");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            for (long done = 0; done < length;)
            {
                var read = await RandomAccess.ReadAsync(input, buffer.AsMemory(0, (int)Math.Min(BufferBytes, length - done)), chunk.Offset + done,
                    cancellationToken);
                if (read == 0)
                {
                    throw new BlobDigestMismatchException(digest, $"'{chunk.File}' in quarantine ends {length - done} bytes before its chunk does");
                }

                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                done += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return length;
    }
}
