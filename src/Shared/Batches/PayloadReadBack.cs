using System.Buffers;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The SHA-256 of every payload file as the writer read it back from the media, by volume and path. The
/// low side's verification after the commit compares the signed manifest with these instead of reading
/// every payload byte a second time; files not listed here (layout files, SHA256SUMS) are read as usual.
/// Only the process that wrote the volume has one: a volume checked later is read in full.
/// </summary>
public sealed class PayloadReadBack
{
    private readonly Dictionary<(int Volume, string Path), int> _pieces;
    private readonly PieceHashes _hashes;

    internal PayloadReadBack(IReadOnlyList<PlannedPiece> pieces, PieceHashes hashes)
    {
        _pieces = new Dictionary<(int, string), int>(pieces.Count);
        for (var i = 0; i < pieces.Count; i++)
        {
            _pieces.Add((pieces[i].Volume, pieces[i].Path), i);
        }

        _hashes = hashes;
    }

    public int Count => _pieces.Count;

    /// <summary>
    /// Null when the writer did not read this file back; otherwise whether what it read hashes to
    /// <paramref name="sha256Hex"/>.
    /// </summary>
    public bool? Matches(int volume, string path, string sha256Hex)
    {
        if (!_pieces.TryGetValue((volume, path), out var piece))
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[PieceHashes.Length];
        return Convert.FromHexString(sha256Hex, expected, out _, out var written) == OperationStatus.Done
            && written == PieceHashes.Length
            && expected.SequenceEqual(_hashes.Get(piece));
    }
}
