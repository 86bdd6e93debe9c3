using System.Globalization;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>The fixed names inside a volume.</summary>
public static class BatchFileNames
{
    public const string Manifest = "manifest.json";
    public const string Signature = "manifest.json.minisig";
    public const string Sums = "SHA256SUMS";
    public const string OciLayout = "oci-layout";
    public const string OciIndex = "index.json";

    /// <summary>Files every volume has that the manifest does not list as payload.</summary>
    public static bool IsControlFile(string relativePath) =>
        relativePath is Manifest or Signature or Sums;

    /// <summary>Path of a whole blob: the OCI image layout's own location.</summary>
    public static string BlobPath(string digest) => HashNames.BlobPathPrefix + DigestHex(digest);

    private const string ChunkDirectory = "chunks/";

    /// <summary>The longest path a chunk of a sha256 blob has: an index of up to ten digits.</summary>
    public const int MaxChunkPathLength = 7 + Sha256Value.HexLength + 1 + 10;

    /// <summary>Path of one chunk of a large blob: chunks/&lt;hex&gt;/&lt;index, at least four digits&gt;.</summary>
    public static string ChunkPath(string digest, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var hex = DigestHex(digest);
        return string.Create(ChunkDirectory.Length + hex.Length + 1 + ChunkIndexLength(index), (hex, index),
            static (chars, state) => SpellChunkPath(state.hex, state.index, chars));
    }

    /// <summary>The chunk's path (as <see cref="ChunkPath"/> spells it) written into <paramref name="buffer"/>.</summary>
    public static ReadOnlySpan<char> SpellChunkPath(Sha256Value hash, int index, Span<char> buffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Span<char> hex = stackalloc char[Sha256Value.HexLength];
        hash.TryFormat(hex, out _);
        return SpellChunkPath(hex, index, buffer);
    }

    /// <summary>The length of a chunk path of a sha256 blob, without spelling it.</summary>
    public static int ChunkPathLength(int index) => ChunkDirectory.Length + Sha256Value.HexLength + 1 + ChunkIndexLength(index);

    /// <summary>A chunk index as its path spells it, written into <paramref name="buffer"/> (at least ten characters).</summary>
    public static ReadOnlySpan<char> SpellChunkIndex(int index, Span<char> buffer)
    {
        index.TryFormat(buffer, out var written, "D4", CultureInfo.InvariantCulture);
        return buffer[..written];
    }

    /// <summary>
    /// The blob and index of a path spelled exactly as <see cref="ChunkPath"/> spells a sha256 blob's chunk; false for any
    /// other spelling of it (upper-case hex, an index padded differently).
    /// </summary>
    public static bool TryParseChunkPath(ReadOnlySpan<char> path, out Sha256Value hash, out int index)
    {
        hash = default;
        index = 0;
        var hexEnd = ChunkDirectory.Length + Sha256Value.HexLength;
        if (path.Length <= hexEnd + 1 || path.Length > MaxChunkPathLength || !path.StartsWith(ChunkDirectory, StringComparison.Ordinal)
            || path[hexEnd] != '/' || !Sha256Value.TryParseHex(path.Slice(ChunkDirectory.Length, Sha256Value.HexLength), out hash)
            || !int.TryParse(path[(hexEnd + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            return false;
        }

        return path.Length == ChunkPathLength(index);
    }

    /// <summary>Directory name of a volume.</summary>
    public static string VolumeName(string batchId, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{batchId}-v{number:D3}");

    private static ReadOnlySpan<char> SpellChunkPath(scoped ReadOnlySpan<char> hex, int index, Span<char> buffer)
    {
        ChunkDirectory.CopyTo(buffer);
        hex.CopyTo(buffer[ChunkDirectory.Length..]);
        var slash = ChunkDirectory.Length + hex.Length;
        buffer[slash] = '/';
        var digits = SpellChunkIndex(index, buffer[(slash + 1)..]).Length;
        return buffer[..(slash + 1 + digits)];
    }

    private static int ChunkIndexLength(int index)
    {
        var digits = 1;
        for (var value = index; value >= 10; value /= 10)
        {
            digits++;
        }

        return Math.Max(4, digits);
    }

    public static string DigestHex(string digest) =>
        digest.StartsWith(HashNames.DigestPrefix, StringComparison.Ordinal) ? digest[HashNames.DigestPrefix.Length..] : digest;
}
