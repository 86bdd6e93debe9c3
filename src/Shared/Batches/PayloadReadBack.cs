using System.Buffers.Binary;
using TransferPipeline.Shared.FileSystem;
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
public sealed class PayloadReadBack : IDisposable
{
    // A piece's key: its volume, its blob's hash and its chunk's index (-1 for a whole blob), so that no path is held per file.
    private const int KeyBytes = sizeof(int) + Sha256Value.HashBytes + sizeof(int);

    // The writer's pieces, in a table on disk rather than in memory (issue 18); null for a copy.
    private readonly SortedRecordSpill? _pieces;
    private readonly CopiedFileHashes? _copied;

    internal PayloadReadBack(IReadOnlyList<PlannedPiece> pieces, PieceHashes hashes, string workDirectory)
    {
        _pieces = new SortedRecordSpill(workDirectory);
        try
        {
            Span<byte> key = stackalloc byte[KeyBytes];
            Span<byte> hash = stackalloc byte[PieceHashes.Length];
            for (var i = 0; i < pieces.Count; i++)
            {
                _pieces.Add(KeyOf(pieces[i].Volume, pieces[i].Hash, pieces[i].ChunkIndex ?? -1, key), hashes.Get(i, hash));
            }

            _pieces.Complete();
        }
        catch
        {
            _pieces.Dispose();
            throw;
        }
    }

    private PayloadReadBack(CopiedFileHashes copied) => _copied = copied;

    public int Count => _copied?.Count ?? _pieces!.Count;

    /// <summary>
    /// The SHA-256 of each file of one volume's copy as the copier wrote it, by its path in the volume. The copy owns the table.
    /// </summary>
    public static PayloadReadBack OfCopy(CopiedFileHashes sha256ByPath) => new(sha256ByPath.Complete());

    /// <summary>
    /// Null when the writer did not read this file back; otherwise whether what it read hashes to
    /// <paramref name="sha256"/> (never when that is not 64 lowercase hex digits).
    /// </summary>
    public bool? Matches(int volume, string path, Sha256Value sha256)
    {
        if (_copied is not null)
        {
            // A copy is of one volume, the one being verified.
            Span<byte> copied = stackalloc byte[Sha256Value.HashBytes];
            return _copied.TryFind(path, copied) ? sha256.HashEquals(copied) : null;
        }

        if (PieceOf(volume, path) is not var (pieceVolume, hash, chunk))
        {
            return null;
        }

        Span<byte> key = stackalloc byte[KeyBytes];
        Span<byte> written = stackalloc byte[Sha256Value.HashBytes];
        return _pieces!.TryFind(KeyOf(pieceVolume, hash, chunk, key), written, out var length) && length == Sha256Value.HashBytes
            ? sha256.HashEquals(written)
            : null;
    }

    /// <summary>Removes the writer's table; a copy's table is its copy's to remove.</summary>
    public void Dispose() => _pieces?.Dispose();

    private static ReadOnlySpan<byte> KeyOf(int volume, Sha256Value hash, int chunk, Span<byte> key)
    {
        BinaryPrimitives.WriteInt32BigEndian(key, volume);
        hash.TryWriteHash(key.Slice(sizeof(int), Sha256Value.HashBytes));
        BinaryPrimitives.WriteInt32BigEndian(key[(sizeof(int) + Sha256Value.HashBytes)..], chunk);
        return key;
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
