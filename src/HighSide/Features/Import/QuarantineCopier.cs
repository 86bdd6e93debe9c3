using System.IO.Enumeration;
using System.Security.Cryptography;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Copies a volume from removable media into local quarantine, refusing links, devices, FIFOs and
/// set-id bits on the media itself (checked before anything is opened, and again on what was opened)
/// and stopping at the quota without reading further. The copy is flushed to disk (one syncfs, not an
/// fsync per file) before it is returned. On any failure the partial copy is removed. A region of a file that does not
/// read is retried and then copied as zeros (<see cref="MediaRegionCopier"/>), so the rest of the volume is still copied.
/// The chunks of a chunked blob are written one after another into one part file per blob (<see cref="JoinedParts"/>),
/// hashed each on its own and, in the same pass, together, so that the blob is assembled by a move.
/// </summary>
internal static class QuarantineCopier
{
    // Large files (and the parts chunks are written into) bypass the page cache: copying into fresh page-cache pages was half of
    // the import's CPU time. A small file is not worth a block of padding and a synchronous write of its own.
    private const long DirectFrom = 2 * DirectWriteFileStream.BlockBytes;

    public static async Task<VolumeCopy> CopyAsync(string source, string destination, CopyQuota quota, ReadRetry retry,
        CancellationToken cancellationToken)
    {
        var root = FileMetadataReader.Read(Path.TrimEndingDirectorySeparator(source));
        if (root.Kind != UnixFileKind.Directory)
        {
            return new VolumeCopy(Refusal(BatchRejectionReason.UnsafeFileType, $"'{source}' is a {root.Kind}, not a volume directory"), []);
        }

        Directory.CreateDirectory(destination);
        // The table of what was written keeps its entries in a file beside the copy, not in memory (issue 18).
        var written = new CopiedFileHashes(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination)))!);
        var copy = new CopyRun(source, quota, retry, new JoinedParts(JoinedParts.DirectoryOf(destination)), written);
        try
        {
            var error = await CopyDirectoryAsync(source, destination, copy, cancellationToken);
            if (error is not null)
            {
                written.Dispose();
                TryDelete(destination);
                TryDelete(copy.Parts.Directory);
                return new VolumeCopy(error, copy.Unreadable);
            }

            // The parts are on the same file system: this one flush makes them durable too.
            DurableFile.SyncFileSystem(destination);
            return new VolumeCopy(null, copy.Unreadable, written.Complete(), copy.Parts);
        }
        catch
        {
            written.Dispose();
            TryDelete(destination);
            TryDelete(copy.Parts.Directory);
            throw;
        }
    }

    public static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the start-up sweep of the incoming folder.
        }
    }

    // In the order the file system lists the entries, read as they are copied: nothing here depends on the order, and a blob
    // directory's 200,000 names held sorted took 8 MB of the import's peak (issue 18). Chunks are copied in name order (below).
    private static async Task<Failure?> CopyDirectoryAsync(string source, string destination, CopyRun copy, CancellationToken cancellationToken)
    {
        foreach (var fileName in new FileSystemEnumerable<string>(source, static (ref entry) => entry.FileName.ToString(), AllEntries))
        {
            var entry = Path.Combine(source, fileName);
            var target = Path.Combine(destination, fileName);
            var error = FileMetadataReader.Read(entry).Kind == UnixFileKind.Directory
                ? await CopySubdirectoryAsync(entry, target, copy, cancellationToken)
                : await CopyFileAsync(entry, target, copy, cancellationToken);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static async Task<Failure?> CopySubdirectoryAsync(string source, string target, CopyRun copy, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        var relative = Path.GetRelativePath(copy.Root, source);
        return IsChunkDirectory(relative, out var hex)
            ? await CopyChunkDirectoryAsync(source, target, hex, copy, cancellationToken)
            : await CopyDirectoryAsync(source, target, copy, cancellationToken);
    }

    // A chunk directory's entry names in ordinal order, each held as a Sha256Value: a name in hex takes 40 bytes, where sorted full
    // paths took about 250 (issue 18). The entries are counted first so that the array is made once at its size.
    private static ArraySegment<Sha256Value> SortedNames(string directory) => Sorted(
        new FileSystemEnumerable<Sha256Value>(directory, static (ref entry) => NameOf(entry.FileName), AllEntries),
        new FileSystemEnumerable<byte>(directory, static (ref _) => 0, AllEntries).Count());

    /// <summary>The names in ordinal order, in an array of <paramref name="counted"/> grown only if more names come.</summary>
    /// <remarks>The media is not trusted to hold still: entries added after they were counted are listed too.</remarks>
    internal static ArraySegment<Sha256Value> Sorted(IEnumerable<Sha256Value> names, int counted)
    {
        var sorted = new Sha256Value[counted];
        var count = 0;
        foreach (var name in names)
        {
            if (count == sorted.Length)
            {
                Array.Resize(ref sorted, Math.Max(16, count * 2));
            }

            sorted[count++] = name;
        }

        Array.Sort(sorted, 0, count);
        return new ArraySegment<Sha256Value>(sorted, 0, count);
    }

    private static Sha256Value NameOf(ReadOnlySpan<char> name) =>
        Sha256Value.TryParseHex(name, out var hex) ? hex : Sha256Value.Parse(name.ToString());

    // As Directory.EnumerateFileSystemEntries: nothing skipped (a name starting with '.' too), and no error ignored.
    private static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    // chunks/<hex of the blob's digest>: what else a volume holds there is copied as it is (and refused by its verification).
    private static bool IsChunkDirectory(string relative, out string hex)
    {
        hex = Path.GetFileName(relative);
        return Path.GetDirectoryName(relative) == "chunks" && Sha256Digest.IsHex(hex);
    }

    // The blob's chunk files on this volume, in name order (their index order), into one part file; each leaves an empty file of
    // its size in its place, which the copy's verification inventories with the hash taken here.
    private static async Task<Failure?> CopyChunkDirectoryAsync(string source, string target, string hex, CopyRun copy,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(copy.Parts.Directory);
        var partFile = Path.Combine(copy.Parts.Directory, hex);
        using var joined = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var part = new PartRun(partFile, DirectWriteFileStream.CreateNew(partFile), joined);
        await using (part.Output)
        {
            foreach (var name in SortedNames(source))
            {
                var fileName = name.ToString();
                var entry = Path.Combine(source, fileName);
                var into = Path.Combine(target, fileName);
                var error = FileMetadataReader.Read(entry).Kind == UnixFileKind.Directory
                    ? await CopySubdirectoryAsync(entry, into, copy, cancellationToken)
                    : await CopyFileAsync(entry, into, copy, cancellationToken, part);
                if (error is not null)
                {
                    return error;
                }
            }
        }

        copy.Parts.Add(new JoinedPart(hex, partFile, part.Length, joined.GetHashAndReset()));
        return null;
    }

    private static async Task<Failure?> CopyFileAsync(string source, string target, CopyRun copy, CancellationToken cancellationToken,
        PartRun? part = null)
    {
        var name = Path.GetFileName(source);
        await using var input = FileMetadataReader.OpenRegular(source, out var metadata);
        if (input is null)
        {
            return Refusal(BatchRejectionReason.UnsafeFileType, $"'{name}' on the media is a {metadata.Kind}, not a regular file");
        }

        if (metadata.LinkCount > 1)
        {
            return Refusal(BatchRejectionReason.HardLink, $"'{name}' on the media is a hard link");
        }

        if (metadata.HasSpecialBits)
        {
            return Refusal(BatchRejectionReason.UnsafeFileType, $"'{name}' on the media has set-id or sticky bits");
        }

        if (metadata.Size > copy.Quota.MaxBytes - copy.Total)
        {
            return copy.Quota.Refusal;
        }

        // Hashed as it is written, in the same pass: verification compares these hashes of the bytes now in quarantine with
        // the signed manifest instead of reading the copy again. Read at most the size seen, so a file growing on the media
        // cannot blow the quota.
        var relative = Path.GetRelativePath(copy.Root, source);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (part is null)
        {
            await using var output = metadata.Size >= DirectFrom ? DirectWriteFileStream.CreateNew(target) : WritebackFileStream.CreateNew(target);
            copy.Unreadable.AddRange(await MediaRegionCopier.CopyAsync(input, output, metadata.Size, relative, copy.Retry, hash, cancellationToken));
        }
        else
        {
            await CopyIntoPartAsync(input, target, relative, metadata.Size, part, copy, hash, cancellationToken);
        }

        copy.Written.Add(relative, hash.GetHashAndReset());

        copy.Total += metadata.Size;
        return null;
    }

    private static async Task CopyIntoPartAsync(Stream input, string target, string relative, long size, PartRun part, CopyRun copy,
        IncrementalHash hash, CancellationToken cancellationToken)
    {
        // The stand-in first: a copy that stops now is discarded whole, and one that verifies lists every chunk it holds.
        await using (var standIn = new FileStream(target, PlaceholderOptions()))
        {
            standIn.SetLength(size);
        }

        copy.Parts.Add(new JoinedChunk(relative, part.File, part.Length, size));
        copy.Unreadable.AddRange(await MediaRegionCopier.CopyAsync(input, part.Output, size, relative, copy.Retry, hash, part.Joined, cancellationToken));
        part.Length += size;
    }

    private static FileStreamOptions PlaceholderOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        return options;
    }

    private static Failure Refusal(BatchRejectionReason reason, string message) => new(reason.ToCode(), message);

    private sealed class PartRun(string file, Stream output, IncrementalHash joined)
    {
        public string File => file;
        public Stream Output => output;
        public IncrementalHash Joined => joined;
        public long Length { get; set; }
    }

    private sealed class CopyRun(string root, CopyQuota quota, ReadRetry retry, JoinedParts parts, CopiedFileHashes written)
    {
        public string Root => root;
        public CopyQuota Quota => quota;
        public ReadRetry Retry => retry;
        public JoinedParts Parts => parts;
        public long Total { get; set; }
        public List<UnreadableRegion> Unreadable { get; } = [];
        public CopiedFileHashes Written => written;
    }
}
