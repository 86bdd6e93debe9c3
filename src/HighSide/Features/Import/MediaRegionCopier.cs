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
    // Read in blocks of this many regions with one system call each; only a block that fails is read again region by region.
    // The I/O is synchronous on the calling thread and a block is hashed on the other core while the next one is read and
    // written: two hand-offs between threads per 4 MiB, since each costs a wake-up that a loaded machine makes slow.
    private const int RegionsPerBlock = 64;

    /// <summary>Copies <paramref name="length"/> bytes of the seekable <paramref name="input"/>; the regions it had to zero.</summary>
    public static Task<IReadOnlyList<UnreadableRegion>> CopyAsync(Stream input, Stream output, long length, string name, ReadRetry retry,
        CancellationToken cancellationToken) =>
        CopyAsync(input, output, length, name, retry, null, cancellationToken);

    /// <summary>
    /// Copies <paramref name="length"/> bytes of the seekable <paramref name="input"/>, appending to <paramref name="hash"/> exactly
    /// the bytes written (zeros for a region that never read); the regions it had to zero.
    /// </summary>
    public static Task<IReadOnlyList<UnreadableRegion>> CopyAsync(Stream input, Stream output, long length, string name, ReadRetry retry,
        IncrementalHash? hash, CancellationToken cancellationToken) =>
        CopyAsync(input, output, length, name, retry, hash, null, cancellationToken);

    /// <summary>
    /// As above, appending the same bytes to <paramref name="alsoHash"/> too (a chunk's own hash and its blob's), the two hashed on
    /// two cores at once.
    /// </summary>
    public static async Task<IReadOnlyList<UnreadableRegion>> CopyAsync(Stream input, Stream output, long length, string name, ReadRetry retry,
        IncrementalHash? hash, IncrementalHash? alsoHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(retry);
        var unreadable = new List<UnreadableRegion>();
        var blockBytes = checked(retry.RegionBytes * RegionsPerBlock);
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(blockBytes), ArrayPool<byte>.Shared.Rent(blockBytes)];
        var hashing = Task.CompletedTask;
        try
        {
            var turn = 0;
            for (long offset = 0; offset < length; offset += blockBytes, turn ^= 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var block = buffers[turn].AsMemory(0, (int)Math.Min(blockBytes, length - offset));
                await ReadBlockAsync(input, block, offset, name, retry, unreadable, cancellationToken);
                output.Write(block.Span);
                await hashing;
                // The last block (a small file's only one) has no next read to overlap: handing it to another thread cost
                // more than hashing it (an import of 20,000 small files spent most of its time waking and waiting for threads).
                hashing = offset + block.Length >= length ? HashHere(hash, alsoHash, block.Span) : Hash(hash, alsoHash, block);
            }

            await hashing;
        }
        finally
        {
            // Never hand a buffer back while it is still being hashed.
            await Task.WhenAny(hashing);
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }

        return unreadable;
    }

    private static Task Hash(IncrementalHash? hash, IncrementalHash? alsoHash, ReadOnlyMemory<byte> block) => (hash, alsoHash) switch
    {
        (null, _) => Task.CompletedTask,
        (_, null) => Task.Run(() => hash.AppendData(block.Span), CancellationToken.None),
        _ => Task.WhenAll(
            Task.Run(() => hash.AppendData(block.Span), CancellationToken.None),
            Task.Run(() => alsoHash.AppendData(block.Span), CancellationToken.None)),
    };

    private static Task HashHere(IncrementalHash? hash, IncrementalHash? alsoHash, ReadOnlySpan<byte> block)
    {
        if (hash is not null)
        {
            hash.AppendData(block);
            alsoHash?.AppendData(block);
        }

        return Task.CompletedTask;
    }

    // A block is one read; when it fails, each of its regions is read on its own, that first failure counting as one attempt.
    private static async Task ReadBlockAsync(Stream input, Memory<byte> block, long offset, string name, ReadRetry retry,
        List<UnreadableRegion> unreadable, CancellationToken cancellationToken)
    {
        try
        {
            input.Position = offset;
            input.ReadExactly(block.Span);
            return;
        }
        catch (IOException ex) when (ex is not EndOfStreamException)
        {
            // Which region failed is not known: each is read on its own below.
        }

        await Task.Delay(retry.FirstDelay, retry.Clock, cancellationToken);
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

    // Null when the region was read whole; otherwise the last read error. Called after the block's read failed once.
    private static async Task<string?> ReadRegionAsync(Stream input, Memory<byte> region, long offset, ReadRetry retry,
        CancellationToken cancellationToken)
    {
        var delay = retry.FirstDelay * 2;
        for (var attempt = 2; ; attempt++)
        {
            try
            {
                input.Position = offset;
                input.ReadExactly(region.Span);
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
