using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// One payload file to write: a whole blob, or bytes [Offset, Offset+Length) of it as chunk ChunkIndex. The piece refers
/// to the request's blob, which holds the hash, and its digest and the file's path are spelled when read, so a plan of many
/// files holds no string per file, nor an object of its own: 32 bytes a piece in the plan's array (issue 18; a copy of the
/// hash made it 64, 6.4 MB of a cut of 200,000 files).
/// </summary>
internal readonly record struct PlannedPiece
{
    private readonly BlobInput _blob;
    // The chunk's index, or -1 for a whole blob: an int? would take eight bytes.
    private readonly int _chunkIndex;

    private PlannedPiece(int volume, BlobInput blob, long offset, long length, int? chunkIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex ?? 0, nameof(chunkIndex));
        Volume = volume;
        _blob = blob;
        Offset = offset;
        Length = length;
        _chunkIndex = chunkIndex ?? -1;
    }

    public Sha256Value Hash => _blob.Hash;

    public long Offset { get; }

    public long Length { get; }

    public int Volume { get; }

    public int? ChunkIndex => _chunkIndex < 0 ? null : _chunkIndex;

    public string Digest => HashNames.Format(HashNames.DigestPrefix, Hash);

    /// <summary>As <see cref="BatchFileNames.BlobPath"/> or <see cref="BatchFileNames.ChunkPath"/> spell it.</summary>
    public string Path
    {
        get
        {
            Span<char> buffer = stackalloc char[BatchFileNames.MaxChunkPathLength];
            return new string(SpellPath(buffer));
        }
    }

    /// <summary>The piece for a blob the writer checked (its digest is sha256:&lt;64 lowercase hex&gt;).</summary>
    public static PlannedPiece Of(int volume, BlobInput blob, long offset, long length, int? chunkIndex) =>
        blob.IsSha256
            ? new PlannedPiece(volume, blob, offset, length, chunkIndex)
            : throw new ArgumentException($"'{blob.Digest}' is not a sha256 digest", nameof(blob));

    /// <summary>The length of <see cref="Path"/>, without spelling it.</summary>
    public int PathLength => ChunkIndex is { } index
        ? BatchFileNames.ChunkPathLength(index)
        : HashNames.BlobPathPrefix.Length + Sha256Value.HexLength;

    /// <summary>Orders the pieces' paths as <see cref="string.CompareOrdinal(string, string)"/> orders them, without spelling them.</summary>
    public int ComparePath(PlannedPiece other)
    {
        // Whole blobs (blobs/sha256/<hex>) come before chunks (chunks/<hex>/<index>); within each, the hex digits order as the
        // hashes do, and a blob's chunks as their indexes' digits do (9999 after 10000, as text).
        if ((ChunkIndex is null) != (other.ChunkIndex is null))
        {
            return ChunkIndex is null ? -1 : 1;
        }

        var byHash = Hash.CompareTo(other.Hash);
        if (byHash != 0 || ChunkIndex is not { } index || other.ChunkIndex is not { } otherIndex)
        {
            return byHash;
        }

        Span<char> left = stackalloc char[10];
        Span<char> right = stackalloc char[10];
        return BatchFileNames.SpellChunkIndex(index, left).SequenceCompareTo(BatchFileNames.SpellChunkIndex(otherIndex, right));
    }

    /// <summary>The path's characters, spelled into <paramref name="buffer"/>.</summary>
    public ReadOnlySpan<char> SpellPath(Span<char> buffer)
    {
        if (ChunkIndex is not { } index)
        {
            return HashNames.Spell(HashNames.BlobPathPrefix, Hash, buffer);
        }

        return BatchFileNames.SpellChunkPath(Hash, index, buffer);
    }
}
