using System.Buffers;
using System.Globalization;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.FileSystem;

/// <summary>Copies a known number of bytes between streams through one pooled buffer.</summary>
public static class StreamCopy
{
    /// <summary>Copies exactly <paramref name="length"/> bytes; fails when the source ends sooner.</summary>
    public static async Task CopyExactlyAsync(
        Stream source, Stream destination, long length, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Sha256Digest.BufferSize);
        long total = 0;
        try
        {
            while (total < length)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(Sha256Digest.BufferSize, length - total)), cancellationToken);
                if (read == 0)
                {
                    throw new EndOfStreamException(string.Create(CultureInfo.InvariantCulture,
                        $"The source ended after {total} of {length} bytes."));
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                total += read;
                progress?.Report(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
