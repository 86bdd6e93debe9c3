using System.Buffers;
using System.Globalization;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Copies a file from media region by region. A region that fails to read (a scratched sector, a bad block) is read again
/// with backoff; when it never reads, zeros stand in for it, it is reported, and the copy goes on with the next region: one
/// bad sector costs one region, which the copy's hash check then finds and recovery data can repair, not the whole volume.
/// </summary>
internal static class MediaRegionCopier
{
    /// <summary>Copies <paramref name="length"/> bytes of the seekable <paramref name="input"/>; the regions it had to zero.</summary>
    public static async Task<IReadOnlyList<UnreadableRegion>> CopyAsync(Stream input, Stream output, long length, string name, ReadRetry retry,
        CancellationToken cancellationToken)
    {
        var unreadable = new List<UnreadableRegion>();
        var buffer = ArrayPool<byte>.Shared.Rent(retry.RegionBytes);
        try
        {
            for (long offset = 0; offset < length; offset += retry.RegionBytes)
            {
                var region = (int)Math.Min(retry.RegionBytes, length - offset);
                if (await ReadRegionAsync(input, buffer.AsMemory(0, region), offset, retry, cancellationToken) is { } error)
                {
                    buffer.AsSpan(0, region).Clear();
                    unreadable.Add(new UnreadableRegion(name, offset, region, error));
                }

                await output.WriteAsync(buffer.AsMemory(0, region), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return unreadable;
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
