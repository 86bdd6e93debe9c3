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
    public static BatchVerificationResult? Check(string volumeDirectory, int volumeNumber, BatchManifest manifest)
    {
        // The volume's files by path, and which of them were found (a directory lists a name once): a sorted index and a
        // bit a file rather than a dictionary of paths, while the manifest is held.
        var files = manifest.Files;
        var expected = SortedPositions.OfVolume(files, volumeNumber);
        var found = new BitArray(files.Count);
        var expectedDirectories = new HashSet<string>(StringComparer.Ordinal);
        for (var rank = 0; rank < expected.Count; rank++)
        {
            expectedDirectories.UnionWith(ParentDirectories(files[expected[rank]].Path));
        }

        // Listing stops once it has seen more entries than could possibly be legitimate.
        var budget = expected.Count + expectedDirectories.Count + 8;

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
                var failure = CheckEntry(fullPath, relative, new Expected(files, expected, found, expectedDirectories), pending);
                if (failure is not null)
                {
                    return failure;
                }
            }
        }

        // Recovery files are optional to a reader (REC-4): a copy without them is still the volume.
        for (var rank = 0; rank < expected.Count; rank++)
        {
            var missing = files[expected[rank]];
            if (!found[expected[rank]] && !RecoveryFileNames.IsRecoveryFile(missing.Path))
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

        var position = expected.Files.FindPath(expected.All, relative);
        if (position < 0 || expected.Found[position])
        {
            return BatchVerificationResult.Fail(UnexpectedFile, $"'{DisplayText.Printable(relative)}' is on the volume but not in the manifest");
        }

        expected.Found[position] = true;
        var file = expected.All[position];
        return metadata.Size == file.Size || RecoveryFileNames.IsRecoveryFile(relative)
            ? null
            : BatchVerificationResult.Fail(SizeMismatch, $"'{DisplayText.Printable(relative)}' is {metadata.Size} bytes; the manifest says {file.Size}");
    }

    private readonly record struct Expected(
        IReadOnlyList<ManifestFile> All, SortedPositions Files, BitArray Found, HashSet<string> Directories);

    private static IEnumerable<string> ParentDirectories(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

}
