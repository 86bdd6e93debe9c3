using System.Collections;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// An artifact's blobs as a write request holds them: each digest's 32-byte hash and each size in arrays, 40 bytes a blob,
/// where a list of <see cref="BlobInput"/> records took 80 (the record and the list's reference to it; issue 18: 16 MB of a
/// cut of 200,000 image layers). A <see cref="BlobInput"/> is made when one is read.
/// </summary>
internal sealed class BlobInputList : IReadOnlyList<BlobInput>
{
    private const int HashBytes = Sha256Value.HashBytes;

    private readonly byte[] _hashes;
    private readonly long[] _sizes;
    // The blobs whose digest is not sha256:<64 lowercase hex>, by position, as given (for the writer to refuse); null when none.
    private readonly Dictionary<int, string>? _texts;

    private BlobInputList(IReadOnlyList<BlobInput> blobs)
    {
        _hashes = new byte[blobs.Count * HashBytes];
        _sizes = new long[blobs.Count];
        for (var i = 0; i < blobs.Count; i++)
        {
            var blob = blobs[i];
            ArgumentNullException.ThrowIfNull(blob, nameof(blobs));
            _sizes[i] = blob.Size;
            if (blob.IsSha256)
            {
                blob.Hash.TryWriteHash(_hashes.AsSpan(i * HashBytes, HashBytes));
            }
            else
            {
                (_texts ??= [])[i] = blob.Digest;
            }
        }
    }

    public static BlobInputList Empty { get; } = new([]);

    /// <summary>The same blobs in this form; a list already in it is kept as it is.</summary>
    public static BlobInputList Of(IReadOnlyList<BlobInput> blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        return blobs as BlobInputList ?? new BlobInputList(blobs);
    }

    public int Count => _sizes.Length;

    public BlobInput this[int index] =>
        _texts is not null && _texts.TryGetValue(index, out var text) ? new BlobInput(text, _sizes[index]) : new BlobInput(HashAt(index), _sizes[index]);

    /// <summary>Whether the blob's digest is sha256:&lt;64 lowercase hex&gt;, which <see cref="HashAt"/> then holds.</summary>
    public bool IsSha256At(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _texts is null || !_texts.ContainsKey(index);
    }

    /// <summary>The blob's hash; meaningful only when <see cref="IsSha256At"/>.</summary>
    public Sha256Value HashAt(int index) => Sha256Value.FromHash(_hashes.AsSpan(index * HashBytes, HashBytes));

    public long SizeAt(int index) => _sizes[index];

    public string DigestAt(int index) =>
        _texts is not null && _texts.TryGetValue(index, out var text) ? text : HashNames.Format(HashNames.DigestPrefix, HashAt(index));

    public IEnumerator<BlobInput> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
