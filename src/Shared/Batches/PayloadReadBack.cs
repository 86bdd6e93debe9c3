using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The SHA-256 of every payload file as the writer read it back from the media, by volume and path. The
/// low side's verification after the commit compares the signed manifest with these instead of reading
/// every payload byte a second time; files not listed here (layout files, SHA256SUMS) are read as usual.
/// Only the process that wrote the volume has one: a volume checked later is read in full. The high side's
/// import has the same for its copy of a volume (<see cref="OfCopy"/>): the hashes of the bytes it wrote into
/// quarantine, taken in the pass that wrote them.
/// </summary>
public sealed class PayloadReadBack
{
    // A piece is found by its volume, blob and chunk (-1 for a whole blob): the path spelled from them, without a string per file.
    private readonly Dictionary<(int Volume, Sha256Value Hash, int Chunk), int> _pieces;
    private readonly PieceHashes _hashes;
    private readonly CopiedFileHashes? _copied;

    internal PayloadReadBack(IReadOnlyList<PlannedPiece> pieces, PieceHashes hashes)
    {
        _pieces = new Dictionary<(int, Sha256Value, int), int>(pieces.Count);
        for (var i = 0; i < pieces.Count; i++)
        {
            _pieces.Add((pieces[i].Volume, pieces[i].Hash, pieces[i].ChunkIndex ?? -1), i);
        }

        _hashes = hashes;
    }

    private PayloadReadBack(CopiedFileHashes copied)
    {
        _pieces = [];
        _hashes = new PieceHashes(0);
        _copied = copied;
    }

    public int Count => _copied?.Count ?? _pieces.Count;

    /// <summary>
    /// The SHA-256 of each file of one volume's copy as the copier wrote it, by its path in the volume.
    /// </summary>
    public static PayloadReadBack OfCopy(CopiedFileHashes sha256ByPath) => new(sha256ByPath.Complete());

    /// <summary>
    /// Null when the writer did not read this file back; otherwise whether what it read hashes to
    /// <paramref name="sha256"/> (never when that is not 64 lowercase hex digits).
    /// </summary>
    public bool? Matches(int volume, string path, Sha256Value sha256)
    {
        ReadOnlySpan<byte> actual;
        if (_copied is not null)
        {
            // A copy is of one volume, the one being verified.
            actual = _copied.Find(path);
            if (actual.IsEmpty)
            {
                return null;
            }
        }
        else if (PieceOf(volume, path) is { } key && _pieces.TryGetValue(key, out var piece))
        {
            actual = _hashes.Get(piece);
        }
        else
        {
            return null;
        }

        return sha256.HashEquals(actual);
    }

    // The key of the piece written at this path, when the path is one the writer spells (a whole blob's or a chunk's).
    private static (int, Sha256Value, int)? PieceOf(int volume, string path)
    {
        if (HashNames.TryParse(path, HashNames.BlobPathPrefix, out var blob))
        {
            return (volume, blob, -1);
        }

        if (BatchFileNames.TryParseChunkPath(path, out var hash, out var index))
        {
            return (volume, hash, index);
        }

        return null;
    }
}
