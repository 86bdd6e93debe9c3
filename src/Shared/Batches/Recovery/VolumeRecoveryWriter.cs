using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches.Recovery;

/// <summary>
/// Writes one volume's PAR2 recovery files with the real <c>par2 create</c>, over the volume's files already on the media
/// (paths relative to the volume, so stock <c>par2 verify</c> and <c>par2 repair</c> work on a copy of the volume), then
/// renames them to the format's names and hashes them for SHA256SUMS and the manifest. Runs before the manifest is written
/// and signed, so the signature covers the recovery files too.
/// </summary>
internal static class VolumeRecoveryWriter
{
    public static async Task<IReadOnlyList<ManifestFile>> WriteAsync(
        string volumeDirectory, int volume, IReadOnlyList<ManifestFile> volumeFiles, int percent, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(volumeDirectory);
        var directory = Path.Combine(root, RecoveryFileNames.Directory);
        Directory.CreateDirectory(directory);
        var written = new List<ManifestFile>();
        foreach (var set in RecoveryPlanner.Plan(volumeFiles, percent))
        {
            await CreateAsync(root, set, cancellationToken);
            foreach (var path in Directory.EnumerateFiles(directory, set.Name + ".*").Order(StringComparer.Ordinal))
            {
                written.Add(await AdoptAsync(path, volume, cancellationToken));
            }
        }

        DurableFile.SyncFileSystem(root);
        written.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return written;
    }

    private static async Task CreateAsync(string root, RecoverySet set, CancellationToken cancellationToken)
    {
        string[] options =
        [
            "create", "-q", "-q",
            $"-s{set.BlockSize}", $"-c{set.RecoveryBlocks}", $"-n{set.RecoveryFiles}", "-u",
            "-B", root,
            "--",
            Path.Combine(root, RecoveryFileNames.Directory, RecoveryFileNames.IndexName(set.Name)),
        ];
        var outcome = await Par2Tool.RunAsync(
            options.Concat(set.Files.Select(f => f.Path)), root, set.Files.Sum(f => f.Size), cancellationToken);
        if (outcome.ExitCode != 0)
        {
            throw new IOException(
                $"making the recovery files of '{root}' failed: {Par2Tool.Describe(outcome)}; nothing was committed "
                + "(set Batches:Recovery to 0 to cut without recovery data)");
        }
    }

    private static async Task<ManifestFile> AdoptAsync(string path, int volume, CancellationToken cancellationToken)
    {
        var name = RecoveryFileNames.FromPar2Name(Path.GetFileName(path));
        var target = Path.Combine(Path.GetDirectoryName(path)!, name);
        if (target != path)
        {
            File.Move(path, target);
        }

        var relative = RecoveryFileNames.Directory + "/" + name;
        if (!RecoveryFileNames.IsWellFormed(relative))
        {
            throw new IOException($"par2 wrote '{DisplayText.Printable(name)}', which is not a recovery file name the format allows");
        }

        var hashed = await Sha256Digest.ComputeFileAsync(target, cancellationToken);
        return new ManifestFile { Volume = volume, Path = relative, Size = hashed.Length, Sha256 = hashed.Sha256 };
    }
}
