using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// One payload file to write: a whole blob, or bytes [Offset, Offset+Length) of it as chunk ChunkIndex. The piece refers
/// to its blob in the batch's table, which finds the hash in the request, and its digest and the file's path are spelled
/// when read, so a plan of many files holds no string per file (issue 18). A value made when read from its
/// <see cref="VolumePlan"/>, which holds a whole blob's piece in 8 bytes.
/// </summary>
internal readonly record struct PlannedPiece
{
    private readonly BatchBlobTable _blobs;
    private readonly int _blob;
    // A piece is at most a chunk, and a chunk is under 4 GiB.
    private readonly uint _length;
    // The chunk's index, or -1 for a whole blob: an int? would take eight bytes.
    private readonly int _chunkIndex;

    private PlannedPiece(int volume, BatchBlobTable blobs, int blob, long offset, long length, int? chunkIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex ?? 0, nameof(chunkIndex));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, uint.MaxValue);
        Volume = volume;
        _blobs = blobs;
        _blob = blob;
        Offset = offset;
        _length = (uint)length;
        _chunkIndex = chunkIndex ?? -1;
    }

    public Sha256Value Hash => _blobs.Hash(_blob);

    /// <summary>The piece's blob: its index in the batch's table.</summary>
    public int Blob => _blob;

    public long Offset { get; }

    public long Length => _length;

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

    /// <summary>The piece for blob <paramref name="blob"/> of <paramref name="blobs"/>.</summary>
    public static PlannedPiece Of(int volume, BatchBlobTable blobs, int blob, long offset, long length, int? chunkIndex)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)blob, (uint)blobs.Count, nameof(blob));
        return new PlannedPiece(volume, blobs, blob, offset, length, chunkIndex);
    }

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
