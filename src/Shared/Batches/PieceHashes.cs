using Microsoft.Win32.SafeHandles;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The SHA-256 of every planned piece, by the piece's index in the plan, as 32 raw bytes at the piece's place in a temporary
/// file without a name (<see cref="UnlinkedTempFile"/>): 6.4 MB at 200,000 files that the cut no longer holds in memory
/// (issue 18). A piece not yet written reads as all zeros, which the metadata estimate uses as its placeholder (same length
/// as a real hash once written as hex). Workers set distinct pieces at once; every read is one positioned read.
/// </summary>
internal sealed class PieceHashes : IDisposable
{
    public const int Length = 32;

    // Null for a placeholder, whose every piece reads as zeros.
    private readonly SafeFileHandle? _file;
    private readonly int _count;

    /// <param name="pieceCount">How many pieces the plan has.</param>
    /// <param name="workDirectory">Where the file is made and unlinked: the writer's own disk, never the media.</param>
    public PieceHashes(int pieceCount, string workDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pieceCount);
        _count = pieceCount;
        _file = UnlinkedTempFile.Create(workDirectory);
        try
        {
            // Sparse: the pieces not yet written read as zeros.
            RandomAccess.SetLength(_file, (long)pieceCount * Length);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    private PieceHashes()
    {
    }

    /// <summary>Every piece unwritten, without a file: what the metadata estimate writes (once per plan).</summary>
    public static PieceHashes Placeholder { get; } = new();

    public void Set(int piece, ReadOnlySpan<byte> sha256)
    {
        var file = _file ?? throw new InvalidOperationException("a placeholder holds no hashes");
        ArgumentOutOfRangeException.ThrowIfNotEqual(sha256.Length, Length);
        RandomAccess.Write(file, sha256, Offset(piece));
    }

    /// <summary>The piece's hash, read into <paramref name="destination"/> (32 bytes).</summary>
    public ReadOnlySpan<byte> Get(int piece, Span<byte> destination)
    {
        var hash = destination[..Length];
        if (_file is null)
        {
            hash.Clear();
            return hash;
        }

        return PositionedRead.TryFill(_file, hash, Offset(piece))
            ? hash
            : throw new EndOfStreamException($"the table of piece hashes ends before piece {piece}");
    }

    public string Hex(int piece)
    {
        Span<byte> hash = stackalloc byte[Length];
        return Convert.ToHexStringLower(Get(piece, hash));
    }

    public Sha256Value Value(int piece)
    {
        Span<byte> hash = stackalloc byte[Length];
        return Sha256Value.FromHash(Get(piece, hash));
    }

    public void Dispose() => _file?.Dispose();

    private long Offset(int piece)
    {
        if (_file is not null)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)piece, (uint)_count, nameof(piece));
        }

        return (long)piece * Length;
    }
}
