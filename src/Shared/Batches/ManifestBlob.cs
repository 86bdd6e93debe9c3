using System.Diagnostics.CodeAnalysis;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// A content-addressed blob. Shipped blobs are one file (<see cref="Path"/>) or, when larger than the
/// chunk size or cut by a volume boundary, ordered chunks. Blobs the high side already holds from an
/// earlier batch are listed with <see cref="Shipped"/> false and no file.
/// </summary>
public sealed record ManifestBlob
{
    // A digest of the form sha256:<64 lowercase hex> is held as its hash, and a path that is the blob's own
    // (blobs/sha256/<the same hex>) is spelled from it when read (issue 18). Any other text is held as given.
    private string? _digest;
    private Sha256Value _hash;
    private string? _path;
    private bool _pathIsBlobPath;

    public ManifestBlob()
    {
    }

    // The manifest reader's: a digest of sha256:<hash> and no path, or the blob's own path, neither made into a string.
#pragma warning disable CS8618 // Digest has no field of its own: it is spelled from the hash set here.
    [SetsRequiredMembers]
    private ManifestBlob(Sha256Value hash, bool ownBlobPath)
    {
        _hash = hash;
        _pathIsBlobPath = ownBlobPath;
    }
#pragma warning restore CS8618

    public required string Digest
    {
        get => _digest ?? HashNames.Format(HashNames.DigestPrefix, _hash);
        init
        {
            // A copy made with another digest keeps the path it had.
            if (_pathIsBlobPath)
            {
                _path = Path;
                _pathIsBlobPath = false;
            }

            var isHash = HashNames.TryParse(value, HashNames.DigestPrefix, out _hash);
            _digest = isHash ? null : value;
            Compact();
        }
    }

    public required long Size { get; init; }
    public required bool Shipped { get; init; }
    public int? Volume { get; init; }

    public string? Path
    {
        get => _pathIsBlobPath ? HashNames.Format(HashNames.BlobPathPrefix, _hash) : _path;
        init
        {
            _path = value;
            _pathIsBlobPath = false;
            Compact();
        }
    }

    public IReadOnlyList<ManifestChunk>? Chunks { get; init; }

    /// <summary>Whether the digest is sha256:&lt;64 lowercase hex&gt; and the path is blobs/sha256/&lt;the same hex&gt;.</summary>
    internal bool PathIsOwnBlobPath => _pathIsBlobPath;

    /// <summary>Whether the digest is sha256:&lt;64 lowercase hex&gt;, held as <see cref="Hash"/>.</summary>
    internal bool DigestIsHash => _digest is null;

    /// <summary>The digest's hash; meaningful only when the digest is sha256:&lt;64 lowercase hex&gt;.</summary>
    internal Sha256Value Hash => _hash;

    /// <summary>
    /// A blob whose digest is sha256:&lt;<paramref name="hash"/>&gt; and whose path is its own blob path
    /// (<paramref name="ownBlobPath"/>) or none, as setting both texts would make it.
    /// </summary>
    internal static ManifestBlob OfHash(Sha256Value hash, bool ownBlobPath, long size, bool shipped, int? volume, IReadOnlyList<ManifestChunk>? chunks) =>
        new(hash, ownBlobPath) { Size = size, Shipped = shipped, Volume = volume, Chunks = chunks };

    private void Compact()
    {
        if (_digest is null && _path is not null && HashNames.TryParse(_path, HashNames.BlobPathPrefix, out var named) && named == _hash)
        {
            _path = null;
            _pathIsBlobPath = true;
        }
    }
}
