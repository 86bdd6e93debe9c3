using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// A blob an artifact needs, with its size. A digest of the form sha256:&lt;64 lowercase hex&gt; is held as its 32-byte hash
/// and spelled when read (issue 18: a cut of 200,000 small files held each digest as a 150-byte string); any other text is
/// held as given, for the writer to refuse.
/// </summary>
public sealed record BlobInput
{
    private readonly Sha256Value _hash;
    private readonly string? _text;

    public BlobInput(string digest, long size)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (!HashNames.TryParse(digest, HashNames.DigestPrefix, out _hash))
        {
            _text = digest;
        }

        Size = size;
    }

    internal BlobInput(Sha256Value hash, long size)
    {
        _hash = hash;
        Size = size;
    }

    public string Digest => _text ?? HashNames.Format(HashNames.DigestPrefix, _hash);

    public long Size { get; }

    /// <summary>True when <see cref="Digest"/> is sha256:&lt;64 lowercase hex&gt;, which <see cref="Hash"/> then holds.</summary>
    internal bool IsSha256 => _text is null;

    /// <summary>The digest's hash; meaningful only when <see cref="IsSha256"/>.</summary>
    internal Sha256Value Hash => _hash;

    /// <summary>Blobs are the same blob when their digests are, whatever sizes they were given with.</summary>
    internal static IEqualityComparer<BlobInput> ByDigest { get; } = new DigestComparer();

    private sealed class DigestComparer : IEqualityComparer<BlobInput>
    {
        public bool Equals(BlobInput? x, BlobInput? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x._hash == y._hash && string.Equals(x._text, y._text, StringComparison.Ordinal));

        public int GetHashCode(BlobInput obj) => obj._text?.GetHashCode(StringComparison.Ordinal) ?? obj._hash.GetHashCode();
    }
}
