using System.Globalization;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Finds each chunk of a blob in the batch's quarantine: its own file in its volume's copy (a volume copied before chunks were
/// written into parts, or one whose chunks were written back for a repair), else its range of the part its volume's copy wrote
/// (<see cref="JoinedParts"/>): the blob's chunks on that volume in the order of their paths, one after another.
/// </summary>
internal static class ChunkSources
{
    public static IReadOnlyList<JoinSource> Of(ManifestBlob blob, string volumes, string joined)
    {
        var hex = blob.Digest["sha256:".Length..];
        var offsets = new Dictionary<int, long>();
        var starts = new Dictionary<ManifestChunk, long>();
        foreach (var chunk in blob.Chunks!.OrderBy(c => c.Volume).ThenBy(c => c.Path, StringComparer.Ordinal))
        {
            var at = offsets.GetValueOrDefault(chunk.Volume);
            starts[chunk] = at;
            offsets[chunk.Volume] = at + chunk.Size;
        }

        return blob.Chunks!.OrderBy(c => c.Index).Select(chunk =>
        {
            var volume = chunk.Volume.ToString("D3", CultureInfo.InvariantCulture);
            var own = Path.Combine(volumes, volume, chunk.Path);
            return File.Exists(own)
                ? new JoinSource(own, 0, null)
                : new JoinSource(Path.Combine(joined, volume, hex), starts[chunk], chunk.Size);
        }).ToList();
    }

    /// <summary>The one file that, whole, is the blob's chunks in order, if there is one; it still has to hash to the digest.</summary>
    public static string? WholeIn(IReadOnlyList<JoinSource> sources, long size)
    {
        long next = 0;
        foreach (var source in sources)
        {
            if (source.File != sources[0].File || source.Offset != next || source.Length is not { } length)
            {
                return null;
            }

            next += length;
        }

        return next == size && new FileInfo(sources[0].File) is { Exists: true } file && file.Length == size ? file.FullName : null;
    }
}
