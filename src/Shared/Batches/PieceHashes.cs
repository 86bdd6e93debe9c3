using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The SHA-256 of every planned piece, by the piece's index in the plan, as raw bytes: 32 bytes a file
/// instead of a keyed dictionary of hex strings. A piece not yet written reads as all zeros, which the
/// metadata estimate uses as its placeholder (same length as a real hash once written as hex).
/// </summary>
internal sealed class PieceHashes
{
    public const int Length = 32;

    private static readonly byte[] Zero = new byte[Length];

    // Null for a placeholder, whose every piece reads as zeros.
    private readonly byte[]? _hashes;

    public PieceHashes(int pieceCount) => _hashes = new byte[pieceCount * Length];

    private PieceHashes()
    {
    }

    /// <summary>Every piece unwritten, without the room for their hashes: what the metadata estimate writes (once per plan).</summary>
    public static PieceHashes Placeholder { get; } = new();

    /// <summary>Each piece is written by one worker, so distinct slots need no lock.</summary>
    public void Set(int piece, ReadOnlySpan<byte> sha256) =>
        sha256.CopyTo((_hashes ?? throw new InvalidOperationException("a placeholder holds no hashes")).AsSpan(piece * Length, Length));

    public ReadOnlySpan<byte> Get(int piece) => _hashes is null ? Zero : _hashes.AsSpan(piece * Length, Length);

    public string Hex(int piece) => Convert.ToHexStringLower(Get(piece));

    public Sha256Value Value(int piece) => Sha256Value.FromHash(Get(piece));
}
