using System.Collections;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The pieces of a volume plan in the order planned, made into <see cref="PlannedPiece"/> values when read. A whole blob,
/// which most pieces are, is its blob's index and its volume: 8 bytes a piece, where an array of the values took 32 (issue
/// 18: 6.4 MB of a cut of 200,000 files). A chunk keeps its volume, index, offset and length in a second list.
/// </summary>
internal sealed class VolumePlan(BatchBlobTable blobs) : IReadOnlyList<PlannedPiece>
{
    // Each piece's blob and, for a whole blob, its volume (1 or more); for a chunk, the bitwise complement of its entry in _chunks.
    private readonly List<(int Blob, int Where)> _pieces = [];
    private readonly List<(int Volume, int Index, long Offset, long Length)> _chunks = [];

    public BatchBlobTable Blobs => blobs;

    public int Count => _pieces.Count;

    public PlannedPiece this[int index]
    {
        get
        {
            var (blob, where) = _pieces[index];
            if (where > 0)
            {
                return PlannedPiece.Of(where, blobs, blob, 0, blobs.Size(blob), null);
            }

            var (volume, chunk, offset, length) = _chunks[~where];
            return PlannedPiece.Of(volume, blobs, blob, offset, length, chunk);
        }
    }

    /// <summary>Empties the plan for another attempt, keeping room for <paramref name="pieces"/>.</summary>
    public void Clear(int pieces)
    {
        _pieces.Clear();
        _chunks.Clear();
        _pieces.EnsureCapacity(pieces);
    }

    public void Add(int volume, int blob, long offset, long length, int? chunkIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(volume);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)blob, (uint)blobs.Count, nameof(blob));
        if (chunkIndex is { } index)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(chunkIndex));
            _pieces.Add((blob, ~_chunks.Count));
            _chunks.Add((volume, index, offset, length));
            return;
        }

        if (offset != 0 || length != blobs.Size(blob))
        {
            throw new ArgumentException($"a whole blob is bytes 0 to {blobs.Size(blob)} of it, not {offset} to {offset + length}");
        }

        _pieces.Add((blob, volume));
    }

    public IEnumerator<PlannedPiece> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
