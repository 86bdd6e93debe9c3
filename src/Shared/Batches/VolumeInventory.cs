using System.Collections;
using TransferPipeline.Shared.Batches.Recovery;
using TransferPipeline.Shared.FileSystem;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Second stage: what is physically on the volume must be exactly what the manifest lists for it,
/// every entry a plain file or directory (no links, devices, FIFOs, set-id bits), each of the declared size.
/// </summary>
internal static class VolumeInventory
{
    // files: the manifest's files, indexed on this volume.
    public static BatchVerificationResult? Check(string volumeDirectory, int volumeNumber, BatchManifest manifest, ManifestFileIndex files)
    {
        // Which of the volume's files were found (a directory lists a name once): a bit a file of the manifest, while the
        // files themselves are looked up in the index on disk.
        var found = new BitArray(manifest.Files.Count);
        var expectedDirectories = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var (file, _) in files.OnVolume(volumeNumber))
        {
            expectedDirectories.UnionWith(ParentDirectories(file.Path));
            count++;
        }

        // Listing stops once it has seen more entries than could possibly be legitimate.
        var budget = count + expectedDirectories.Count + 8;

        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            var relativeDirectory = pending.Pop();
            foreach (var fullPath in Directory.EnumerateFileSystemEntries(Path.Combine(volumeDirectory, relativeDirectory)))
            {
                if (--budget < 0)
                {
                    return BatchVerificationResult.Fail(UnexpectedFile, "the volume holds far more files than its manifest lists");
                }

                var relative = relativeDirectory.Length == 0 ? Path.GetFileName(fullPath) : relativeDirectory + "/" + Path.GetFileName(fullPath);
                var failure = CheckEntry(fullPath, relative, new Expected(volumeNumber, files, found, expectedDirectories), pending);
                if (failure is not null)
                {
                    return failure;
                }
            }
        }

        // Recovery files are optional to a reader (REC-4): a copy without them is still the volume.
        foreach (var (missing, position) in files.OnVolume(volumeNumber))
        {
            if (!found[position] && !RecoveryFileNames.IsRecoveryFile(missing.Path))
            {
                return BatchVerificationResult.Fail(MissingFile,
                    $"'{missing.Path}' is listed in the manifest for volume {volumeNumber} but is not on the volume");
            }
        }

        return null;
    }

    private static BatchVerificationResult? CheckEntry(string fullPath, string relative, Expected expected, Stack<string> pending)
    {
        var metadata = NativeFileSystem.GetMetadata(fullPath);
        switch (metadata.Kind)
        {
            case UnixFileKind.Directory when expected.Directories.Contains(relative):
                pending.Push(relative);
                return metadata.HasSpecialBits
                    ? BatchVerificationResult.Fail(UnsafeFileType, $"directory '{DisplayText.Printable(relative)}' has set-id or sticky bits")
                    : null;
            case UnixFileKind.Directory:
                return BatchVerificationResult.Fail(UnexpectedFile, $"directory '{DisplayText.Printable(relative)}' is on the volume but not in the manifest");
            case UnixFileKind.Regular:
                break;
            default:
                return BatchVerificationResult.Fail(UnsafeFileType,
                    $"'{DisplayText.Printable(relative)}' is a {ManifestSignatureCheck.DescribeKind(metadata.Kind)}; only regular files are allowed");
        }

        if (metadata.HasSpecialBits)
        {
            return BatchVerificationResult.Fail(UnsafeFileType, $"'{DisplayText.Printable(relative)}' has set-id or sticky bits");
        }

        if (metadata.LinkCount > 1)
        {
            return BatchVerificationResult.Fail(HardLink, $"'{DisplayText.Printable(relative)}' is a hard link ({metadata.LinkCount} names for one file)");
        }

        if (BatchFileNames.IsControlFile(relative))
        {
            return null;
        }

        if (!expected.Files.TryFind(expected.Volume, relative, out var file) || expected.Found[file.Position])
        {
            return BatchVerificationResult.Fail(UnexpectedFile, $"'{DisplayText.Printable(relative)}' is on the volume but not in the manifest");
        }

        expected.Found[file.Position] = true;
        return metadata.Size == file.Size || RecoveryFileNames.IsRecoveryFile(relative)
            ? null
            : BatchVerificationResult.Fail(SizeMismatch, $"'{DisplayText.Printable(relative)}' is {metadata.Size} bytes; the manifest says {file.Size}");
    }

    private readonly record struct Expected(int Volume, ManifestFileIndex Files, BitArray Found, HashSet<string> Directories);

    private static IEnumerable<string> ParentDirectories(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

}
