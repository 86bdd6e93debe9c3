using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Processes;

namespace TransferPipeline.Shared.Storage;

/// <summary>
/// A content-addressed blob store on local disk: each blob once, under its SHA-256. A blob becomes
/// visible only after it was fully received, hashed, matched to its digest and flushed, so a partial
/// download is never taken for a complete one.
/// </summary>
public sealed class ContentStore : IBlobSource
{
    private readonly string _root;
    private readonly string _incoming;

    public ContentStore(string root)
    {
        _root = Path.GetFullPath(root);
        _incoming = Path.Combine(_root, "incoming");
        Directory.CreateDirectory(Path.Combine(_root, "sha256"));
        Directory.CreateDirectory(_incoming);
    }

    public string Root => _root;

    /// <summary>The store's <c>incoming</c> directory, on the store's file system: for temporary files.</summary>
    public string Incoming => _incoming;

    /// <summary>
    /// A new file name under the store's <c>incoming</c> directory for a download to write and then adopt. It names this
    /// host and process, so that a worker starting up tells a crashed process's leftovers from another live worker's download.
    /// </summary>
    public string NewIncomingPath(string suffix = "") =>
        Path.Combine(_incoming, LocalProcesses.OwnerPrefix('.') + Guid.NewGuid().ToString("N") + suffix);

    /// <summary>Where the blob with this digest lives (whether or not it is there).</summary>
    public string PathOf(string digest)
    {
        if (!BatchIdentifiers.IsDigest(digest))
        {
            throw new ArgumentException($"'{digest}' is not a sha256 digest", nameof(digest));
        }

        var hex = BatchFileNames.DigestHex(digest);
        return Path.Combine(_root, "sha256", hex[..2], hex);
    }

    public bool Contains(string digest) => File.Exists(PathOf(digest));

    /// <summary>True when the stored blob has the size and SHA-256 its digest promises; false when absent or torn.</summary>
    public async Task<bool> IsIntactAsync(string digest, long size, CancellationToken cancellationToken)
    {
        var path = PathOf(digest);
        if (!File.Exists(path) || new FileInfo(path).Length != size)
        {
            return false;
        }

        return "sha256:" + (await Sha256Digest.ComputeFileAsync(path, cancellationToken)).Sha256 == digest;
    }

    /// <summary>Removes a blob (one found torn after a crash) so it can be stored again.</summary>
    public void Remove(string digest) => File.Delete(PathOf(digest));

    /// <summary>Makes every blob stored with <c>flushEach: false</c> durable: one syncfs of the store's file system.</summary>
    public void FlushAll() => DurableFile.SyncFileSystem(_root);

    public long SizeOf(string digest) => new FileInfo(PathOf(digest)).Length;

    public Stream OpenRead(string digest) => Sha256Digest.OpenSequential(PathOf(digest));

    /// <summary>
    /// Streams <paramref name="source"/> into the store. When <paramref name="expectedDigest"/> is given the
    /// content must match it (and <paramref name="expectedSize"/>, if given); otherwise the digest is computed.
    /// With <paramref name="flushEach"/> false the blob is not flushed to disk on its own: the caller stores
    /// many and calls <see cref="FlushAll"/> once, and treats a blob found after a crash as possibly torn.
    /// </summary>
    public async Task<StoredBlob> PutAsync(
        Stream source, string? expectedDigest, long? expectedSize, IProgress<long>? progress, CancellationToken cancellationToken,
        bool flushEach = true)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (expectedDigest is not null && Contains(expectedDigest))
        {
            return new StoredBlob(expectedDigest, SizeOf(expectedDigest), AlreadyPresent: true);
        }

        var temporary = NewIncomingPath();
        try
        {
            HashedLength hashed;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                hashed = await Sha256Digest.CopyAsync(source, file, null, progress, cancellationToken);
                file.Flush(flushToDisk: flushEach);
            }

            var digest = "sha256:" + hashed.Sha256;
            if (expectedDigest is not null && digest != expectedDigest)
            {
                throw new BlobDigestMismatchException(expectedDigest, digest);
            }

            if (expectedSize is not null && hashed.Length != expectedSize)
            {
                throw new BlobDigestMismatchException(expectedDigest ?? digest, $"{hashed.Length} bytes instead of {expectedSize}");
            }

            var final = PathOf(digest);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            var alreadyPresent = File.Exists(final);
            if (!alreadyPresent)
            {
                File.Move(temporary, final, overwrite: true);
                if (flushEach)
                {
                    DurableFile.SyncDirectory(Path.GetDirectoryName(final)!);
                }
            }

            return new StoredBlob(digest, hashed.Length, alreadyPresent);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Moves a file that was written under the store's <c>incoming</c> directory, and whose content the
    /// caller has already checked against <paramref name="digest"/> in the pass that wrote it (as the
    /// registry client does while downloading), into place durably, without reading it again.
    /// </summary>
    public StoredBlob AdoptVerified(string incomingFile, string digest, long size)
    {
        ArgumentNullException.ThrowIfNull(incomingFile);
        if (!string.Equals(Path.GetDirectoryName(Path.GetFullPath(incomingFile)), Path.GetFullPath(_incoming), StringComparison.Ordinal))
        {
            throw new ArgumentException("only files written under the store's incoming directory can be adopted", nameof(incomingFile));
        }

        if (!Sha256Digest.IsHex(digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest["sha256:".Length..] : null))
        {
            throw new ArgumentException($"'{digest}' is not a sha256 digest", nameof(digest));
        }

        using (var handle = File.OpenHandle(incomingFile, FileMode.Open, FileAccess.ReadWrite))
        {
            var actual = RandomAccess.GetLength(handle);
            if (actual != size)
            {
                throw new BlobDigestMismatchException(digest, $"{actual} bytes instead of {size}");
            }

            RandomAccess.FlushToDisk(handle);
        }

        var final = PathOf(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        if (File.Exists(final))
        {
            File.Delete(incomingFile);
            return new StoredBlob(digest, size, AlreadyPresent: true);
        }

        File.Move(incomingFile, final, overwrite: true);
        DurableFile.SyncDirectory(Path.GetDirectoryName(final)!);
        return new StoredBlob(digest, size, AlreadyPresent: false);
    }

    /// <summary>Removes downloads that a crash left unfinished. Only for a store no other process writes to.</summary>
    public int DiscardIncomplete() => DiscardIncomplete(DateTimeOffset.MaxValue);

    /// <summary>
    /// Removes downloads that a crash left unfinished: those of a process of this host that is gone, and any nothing has written
    /// to since <paramref name="untouchedSince"/>. On a store several workers share, another live worker's download stays.
    /// </summary>
    public int DiscardIncomplete(DateTimeOffset untouchedSince)
    {
        var count = 0;
        foreach (var file in new DirectoryInfo(_incoming).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < untouchedSince.UtcDateTime || LocalProcesses.IsGone(file.Name, '.'))
            {
                file.Delete();
                count++;
            }
        }

        return count;
    }
}
