using System.Diagnostics.CodeAnalysis;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>A payload file of one volume: every file except manifest.json, its signature and SHA256SUMS.</summary>
public sealed record ManifestFile
{
    // A whole blob's file is named after its hash (blobs/sha256/<hex>, which is also its sha256 when the manifest is right):
    // such a path is spelled from Sha256 when read instead of being held as a string (issue 18). Any other path is held.
    private string? _path;
    private bool _pathIsBlobPath;
    private Sha256Value _sha256;

    public ManifestFile()
    {
    }

    // The manifest reader's: a file at blobs/sha256/<its own sha256>, the path not made into a string.
#pragma warning disable CS8618 // Path has no field of its own: it is spelled from the hash set here.
    [SetsRequiredMembers]
    private ManifestFile(Sha256Value sha256)
    {
        _sha256 = sha256;
        _pathIsBlobPath = true;
    }
#pragma warning restore CS8618

    public required int Volume { get; init; }

    public required string Path
    {
        get => _pathIsBlobPath ? HashNames.Format(HashNames.BlobPathPrefix, _sha256) : _path!;
        init
        {
            _path = value;
            _pathIsBlobPath = false;
            Compact();
        }
    }

    public required long Size { get; init; }

    public required Sha256Value Sha256
    {
        get => _sha256;
        init
        {
            // A copy made with another hash keeps the path it had.
            if (_pathIsBlobPath)
            {
                _path = Path;
                _pathIsBlobPath = false;
            }

            _sha256 = value;
            Compact();
        }
    }

    /// <summary>The path, spelled into the buffer (<see cref="HashNames.MaxLength"/> characters) when it is not held as text.</summary>
    public ReadOnlySpan<char> PathText(Span<char> buffer) => HashNames.Text(HashNames.BlobPathPrefix, HeldPath, _sha256, buffer);

    /// <summary>A file at blobs/sha256/&lt;<paramref name="sha256"/>&gt;, as setting its path's text would make it.</summary>
    internal static ManifestFile AtOwnBlobPath(int volume, long size, Sha256Value sha256) => new(sha256) { Volume = volume, Size = size };

    /// <summary>Whether the path is blobs/sha256/&lt;the file's own sha256&gt;, held as that hash rather than as text.</summary>
    internal bool PathIsOwnBlobPath => _pathIsBlobPath;

    // The path when held as text; null when it is spelled from the hash.
    private string? HeldPath => _pathIsBlobPath ? null : _path ?? "";

    private void Compact()
    {
        if (_path is not null && HashNames.TryParse(_path, HashNames.BlobPathPrefix, out var named) && named == _sha256)
        {
            _path = null;
            _pathIsBlobPath = true;
        }
    }
}
