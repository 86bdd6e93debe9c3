using System.Collections;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// An artifact's blob digests as read from a manifest: each sha256:&lt;64 lowercase hex&gt; held as its 32-byte hash and
/// spelled when read, any other text held as given (issue 18: an image of a thousand layers lists a thousand digests).
/// </summary>
public sealed class ManifestDigestList : IReadOnlyList<string>
{
    private readonly Sha256Value[] _hashes;
    // The entries that are not a digest of that form, by position; null when there are none.
    private readonly Dictionary<int, string>? _texts;

    public ManifestDigestList(IReadOnlyList<string> digests)
    {
        ArgumentNullException.ThrowIfNull(digests);
        _hashes = new Sha256Value[digests.Count];
        for (var i = 0; i < digests.Count; i++)
        {
            if (!HashNames.TryParse(digests[i], HashNames.DigestPrefix, out _hashes[i]))
            {
                (_texts ??= [])[i] = digests[i];
            }
        }
    }

    /// <summary>A list read from a manifest's bytes: the hashes by position, and the entries held as text instead.</summary>
    internal ManifestDigestList(Sha256Value[] hashes, Dictionary<int, string>? texts)
    {
        _hashes = hashes;
        _texts = texts;
    }

    public int Count => _hashes.Length;

    /// <summary>The digests of these blobs, each once, in the order first listed.</summary>
    internal static ManifestDigestList Distinct(IEnumerable<BlobInput> blobs)
    {
        var hashes = new List<Sha256Value>();
        Dictionary<int, string>? texts = null;
        foreach (var blob in blobs.Distinct(BlobInput.ByDigest))
        {
            if (!blob.IsSha256)
            {
                (texts ??= [])[hashes.Count] = blob.Digest;
            }

            hashes.Add(blob.Hash);
        }

        return new ManifestDigestList([.. hashes], texts);
    }

    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _hashes.Length);
            return _texts is not null && _texts.TryGetValue(index, out var text) ? text : HashNames.Format(HashNames.DigestPrefix, _hashes[index]);
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < _hashes.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
