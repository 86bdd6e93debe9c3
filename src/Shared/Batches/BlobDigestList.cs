using System.Collections;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// An artifact's blob digests as the writer's manifest lists them, read from the request's blobs and spelled when read, so
/// that the writer holds no second list of them (issue 18). A request that names a blob twice in one artifact gets a list
/// without the repeats instead.
/// </summary>
internal sealed class BlobDigestList : IReadOnlyList<string>
{
    private readonly BlobInputList _blobs;

    private BlobDigestList(BlobInputList blobs) => _blobs = blobs;

    public int Count => _blobs.Count;

    public string this[int index] => _blobs.DigestAt(index);

    /// <summary>The digests of these blobs, each once, in the order first listed.</summary>
    public static IReadOnlyList<string> Of(BlobInputList blobs) =>
        blobs.Distinct(BlobInput.ByDigest).Count() == blobs.Count
            ? new BlobDigestList(blobs)
            : new ManifestDigestList([.. blobs.Distinct(BlobInput.ByDigest).Select(b => b.Digest)]);

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < _blobs.Count; i++)
        {
            yield return _blobs.DigestAt(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
