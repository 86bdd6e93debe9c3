using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Copies a file from media region by region. A region that fails to read (a scratched sector, a bad block) is read again
/// with backoff; when it never reads, zeros stand in for it, it is reported, and the copy goes on with the next region: one
/// bad sector costs one region, which the copy's hash check then finds and recovery data can repair, not the whole volume.
/// </summary>
internal static class MediaRegionCopier
{
    // Regions are read one by one (each retried on its own) into blocks of this many; a block is written and hashed on two
    // cores while the next one is read.
    private const int RegionsPerBlock = 16;

    /// <summary>Copies <paramref name="length"/> bytes of the seekable <paramref name="input"/>; the regions it had to zero.</summary>
    public static Task<IReadOnlyList<UnreadableRegion>> CopyAsync(Stream input, Stream output, long length, string name, ReadRetry retry,
        CancellationToken cancellationToken) =>
        CopyAsync(input, output, length, name, retry, null, cancellationToken);

    /// <summary>
    /// Copies <paramref name="length"/> bytes of the seekable <paramref name="input"/>, appending to <paramref name="hash"/> exactly
    /// the bytes written (zeros for a region that never read); the regions it had to zero.
    /// </summary>
    public static async Task<IReadOnlyList<UnreadableRegion>> CopyAsync(Stream input, Stream output, long length, string name, ReadRetry retry,
        IncrementalHash? hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retry);
        var unreadable = new List<UnreadableRegion>();
        var blockBytes = checked(retry.RegionBytes * RegionsPerBlock);
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(blockBytes), ArrayPool<byte>.Shared.Rent(blockBytes)];
        var pending = Task.CompletedTask;
        try
        {
            var turn = 0;
            for (long offset = 0; offset < length; offset += blockBytes, turn ^= 1)
            {
                var block = (int)Math.Min(blockBytes, length - offset);
                await ReadBlockAsync(input, buffers[turn].AsMemory(0, block), offset, name, retry, unreadable, cancellationToken);
                await pending;
                pending = WriteAndHashAsync(output, hash, buffers[turn], block, cancellationToken);
            }

            await pending;
        }
        finally
        {
            // Never hand a buffer back while the other block is still being written or hashed from it.
            await Task.WhenAny(pending);
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }

        return unreadable;
    }

    private static async Task ReadBlockAsync(Stream input, Memory<byte> block, long offset, string name, ReadRetry retry,
        List<UnreadableRegion> unreadable, CancellationToken cancellationToken)
    {
        for (var start = 0; start < block.Length; start += retry.RegionBytes)
        {
            var region = block.Slice(start, Math.Min(retry.RegionBytes, block.Length - start));
            if (await ReadRegionAsync(input, region, offset + start, retry, cancellationToken) is { } error)
            {
                region.Span.Clear();
                unreadable.Add(new UnreadableRegion(name, offset + start, region.Length, error));
            }
        }
    }

    private static async Task WriteAndHashAsync(Stream output, IncrementalHash? hash, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var hashing = hash is null ? Task.CompletedTask : Task.Run(() => hash.AppendData(buffer, 0, count), cancellationToken);
        try
        {
            await output.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
        }
        finally
        {
            await hashing;
        }
    }

    // Null when the region was read whole; otherwise the last read error.
    private static async Task<string?> ReadRegionAsync(Stream input, Memory<byte> region, long offset, ReadRetry retry,
        CancellationToken cancellationToken)
    {
        var delay = retry.FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                input.Position = offset;
                await input.ReadExactlyAsync(region, cancellationToken);
                return null;
            }
            catch (IOException ex) when (ex is not EndOfStreamException)
            {
                if (attempt >= retry.Attempts)
                {
                    return ex.Message;
                }
            }

            await Task.Delay(delay, retry.Clock, cancellationToken);
            delay *= 2;
        }
    }

    public static string Describe(IReadOnlyList<UnreadableRegion> regions) =>
        string.Join(", ", regions.Take(10).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Path} bytes {r.Offset}-{r.Offset + r.Length - 1}")))
        + (regions.Count > 10 ? $" and {regions.Count - 10} more" : "");
}
