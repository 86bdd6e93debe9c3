using System.Buffers;
using System.Security.Cryptography;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Shared.Oci;

/// <summary>Copies a body to its destination and hashes it in the same pass, never holding more than one buffer.</summary>
internal static class HashingCopier
{
    public const int BufferSize = 256 * 1024;

    /// <summary>
    /// Copies at most <paramref name="limit"/> bytes and returns the count. Returns
    /// <paramref name="limit"/> + 1 (having written only <paramref name="limit"/>) when the source has
    /// more, so a hostile endless body stops at the expected size. A read that waits longer than
    /// <paramref name="stallTimeout"/> throws <see cref="TimeoutException"/>.
    /// </summary>
    public static async Task<long> CopyAsync(
        Stream source,
        Stream destination,
        IncrementalHash hash,
        long limit,
        TimeSpan stallTimeout,
        IProgress<long>? progress,
        CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var guarded = new StallGuardStream(source, stallTimeout, "the registry");
        try
        {
            long total = 0;
            while (true)
            {
                var read = await guarded.ReadAsync(buffer.AsMemory(0, BufferSize), ct);
                if (read == 0)
                {
                    return total;
                }

                var allowed = (int)Math.Min(read, limit - total);
                hash.AppendData(buffer, 0, allowed);
                try
                {
                    await destination.WriteAsync(buffer.AsMemory(0, allowed), ct);
                }
                catch (IOException ex)
                {
                    // Not a network fault: retrying the download would not help a full disk.
                    throw new InvalidOperationException($"Writing the blob to its destination failed after {total} bytes: {ex.Message}", ex);
                }

                total += allowed;
                progress?.Report(total);
                if (allowed < read)
                {
                    return limit + 1;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
