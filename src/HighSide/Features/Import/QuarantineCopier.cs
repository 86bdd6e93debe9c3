using System.Security.Cryptography;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Copies a volume from removable media into local quarantine, refusing links, devices, FIFOs and
/// set-id bits on the media itself (checked before anything is opened, and again on what was opened)
/// and stopping at the quota without reading further. The copy is flushed to disk (one syncfs, not an
/// fsync per file) before it is returned. On any failure the partial copy is removed. A region of a file that does not
/// read is retried and then copied as zeros (<see cref="MediaRegionCopier"/>), so the rest of the volume is still copied.
/// </summary>
internal static class QuarantineCopier
{
    public static async Task<VolumeCopy> CopyAsync(string source, string destination, CopyQuota quota, ReadRetry retry,
        CancellationToken cancellationToken)
    {
        var root = FileMetadataReader.Read(Path.TrimEndingDirectorySeparator(source));
        if (root.Kind != UnixFileKind.Directory)
        {
            return new VolumeCopy(Refusal(BatchRejectionReason.UnsafeFileType, $"'{source}' is a {root.Kind}, not a volume directory"), []);
        }

        Directory.CreateDirectory(destination);
        var copy = new CopyRun(source, quota, retry);
        try
        {
            var error = await CopyDirectoryAsync(source, destination, copy, cancellationToken);
            if (error is not null)
            {
                TryDelete(destination);
                return new VolumeCopy(error, copy.Unreadable);
            }

            DurableFile.SyncFileSystem(destination);
            return new VolumeCopy(null, copy.Unreadable, copy.Written);
        }
        catch
        {
            TryDelete(destination);
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

    private static async Task<Failure?> CopyDirectoryAsync(string source, string destination, CopyRun copy, CancellationToken cancellationToken)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(source).Order(StringComparer.Ordinal))
        {
            var target = Path.Combine(destination, Path.GetFileName(entry));
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
        return await CopyDirectoryAsync(source, target, copy, cancellationToken);
    }

    private static async Task<Failure?> CopyFileAsync(string source, string target, CopyRun copy, CancellationToken cancellationToken)
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
        await using (var output = WritebackFileStream.CreateNew(target))
        {
            copy.Unreadable.AddRange(await MediaRegionCopier.CopyAsync(input, output, metadata.Size, relative, copy.Retry, hash, cancellationToken));
        }

        copy.Written[relative] = hash.GetHashAndReset();

        copy.Total += metadata.Size;
        return null;
    }

    private static Failure Refusal(BatchRejectionReason reason, string message) => new(reason.ToCode(), message);

    private sealed class CopyRun(string root, CopyQuota quota, ReadRetry retry)
    {
        public string Root => root;
        public CopyQuota Quota => quota;
        public ReadRetry Retry => retry;
        public long Total { get; set; }
        public List<UnreadableRegion> Unreadable { get; } = [];
        public Dictionary<string, byte[]> Written { get; } = new(StringComparer.Ordinal);
    }
}
