using System.Text.RegularExpressions;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches.Recovery;

/// <summary>
/// Repairs a copy of a volume (never the media) from its PAR2 recovery files with the real <c>par2</c>. Each recovery file is
/// first checked against its SHA-256 in the signed manifest; those that fail are left out, and the good ones are copied to a
/// scratch directory beside the copy so that par2, which finds a set's files by name, sees only them. <c>par2 verify</c> counts
/// the missing and the available blocks of each set; only when every set can be repaired does <c>par2 repair</c> run. par2's
/// backups of the damaged files are removed, so the repaired copy holds exactly the volume's files again. The caller verifies
/// the copy in full afterwards: a repair is never taken on par2's word.
/// </summary>
public static partial class VolumeRepairer
{
    private const int MaxListedFiles = 100;

    public static async Task<VolumeRepairResult> RepairAsync(
        string volumeCopy, BatchManifest manifest, int volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var root = Path.GetFullPath(Path.TrimEndingDirectorySeparator(volumeCopy));
        var files = manifest.Files.Where(f => f.Volume == volume).ToList();
        var recovery = files.Where(f => RecoveryFileNames.IsRecoveryFile(f.Path)).ToList();
        if (recovery.Count == 0)
        {
            return new VolumeRepairResult { Status = VolumeRepairStatus.NoRecoveryData, Message = $"volume {volume} carries no recovery data" };
        }

        var scratch = root + ".repair";
        DeleteDirectory(scratch);
        Directory.CreateDirectory(scratch);
        try
        {
            var (sets, ignored) = await GatherAsync(root, scratch, recovery, cancellationToken);
            var bytes = files.Sum(f => f.Size);
            var result = sets.Count == 0
                ? BeyondRepair($"all {recovery.Count} recovery files of volume {volume} fail their hashes", null)
                : await RepairSetsAsync(root, scratch, sets, (bytes, files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal)), volume, cancellationToken);
            return result with { IgnoredRecoveryFiles = ignored };
        }
        finally
        {
            DeleteDirectory(scratch);
        }
    }

    // The recovery files that match their hashes, copied into the scratch directory, by set (the main file of each set first).
    private static async Task<(List<string> MainFiles, List<string> Ignored)> GatherAsync(
        string root, string scratch, List<ManifestFile> recovery, CancellationToken cancellationToken)
    {
        var good = new List<string>();
        var ignored = new List<string>();
        foreach (var file in recovery.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var source = Path.Combine(root, file.Path);
            var target = Path.Combine(scratch, Path.GetFileName(file.Path));
            if (await CopyIfIntactAsync(source, target, file, cancellationToken))
            {
                good.Add(file.Path);
            }
            else
            {
                ignored.Add(file.Path);
            }
        }

        // The index file is the natural main file; without it, any of the set's recovery volumes carries the same critical packets.
        var mainFiles = good.GroupBy(RecoveryFileNames.SetOf, StringComparer.Ordinal)
            .Select(set => Path.Combine(scratch, Path.GetFileName(set.FirstOrDefault(p => p.EndsWith("/" + RecoveryFileNames.IndexName(set.Key),
                StringComparison.Ordinal)) ?? set.First())))
            .ToList();
        return (mainFiles, ignored);
    }

    private static async Task<bool> CopyIfIntactAsync(string source, string target, ManifestFile file, CancellationToken cancellationToken)
    {
        if (!File.Exists(source) || new FileInfo(source).Length != file.Size)
        {
            return false;
        }

        HashedLength hashed;
        await using (var input = Sha256Digest.OpenSequential(source))
        await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
        {
            hashed = await Sha256Digest.CopyAsync(input, output, file.Size, null, cancellationToken);
        }

        if (hashed.Length == file.Size && hashed.Sha256 == file.Sha256)
        {
            return true;
        }

        // par2 finds a set's files by name in the scratch directory: a damaged one must not be there.
        File.Delete(target);
        return false;
    }

    private static async Task<VolumeRepairResult> RepairSetsAsync(
        string root, string scratch, List<string> mainFiles, (long Bytes, HashSet<string> Paths) files, int volume,
        CancellationToken cancellationToken)
    {
        var bytes = files.Bytes;
        long missing = 0, available = 0;
        var toRepair = new List<string>();
        foreach (var main in mainFiles)
        {
            var outcome = await Par2Tool.RunAsync(["verify", "-B", root, "--", main], scratch, bytes, cancellationToken);
            var report = Par2Report.Parse(outcome.StandardOutput.Text());
            missing += report?.BlocksMissing ?? 0;
            available += report?.RecoveryBlocksAvailable ?? 0;
            switch (outcome.ExitCode)
            {
                case 0:
                    break;
                case 1 when report is not null:
                    toRepair.Add(main);
                    break;
                case 2 when report is not null:
                    return BeyondRepair(null, (missing, available));
                default:
                    return BeyondRepair($"par2 could not read the recovery data of volume {volume}: {Par2Tool.Describe(outcome)}", null);
            }
        }

        if (toRepair.Count == 0)
        {
            return BeyondRepair($"the recovery data of volume {volume} that survives covers none of its damaged files", null);
        }

        foreach (var main in toRepair)
        {
            var outcome = await Par2Tool.RunAsync(["repair", "-q", "-q", "-B", root, "--", main], scratch, bytes, cancellationToken);
            if (outcome.ExitCode != 0)
            {
                return BeyondRepair($"par2 could not repair volume {volume}: {Par2Tool.Describe(outcome)}", (missing, available));
            }
        }

        var repaired = RemoveBackups(root, files.Paths);
        return new VolumeRepairResult
        {
            Status = VolumeRepairStatus.Repaired,
            Message = $"volume {volume} repaired from its recovery data: {missing} missing block(s) rebuilt "
                + $"from {available} recovery block(s), {repaired.Count} file(s) rewritten",
            RepairedFiles = repaired,
            BlocksMissing = missing,
            RecoveryBlocksAvailable = available,
        };
    }

    private static VolumeRepairResult BeyondRepair(string? why, (long Missing, long Available)? counts) => new()
    {
        Status = VolumeRepairStatus.BeyondRepair,
        Message = counts is { } c
            ? $"{c.Missing} data block(s) are missing and only {c.Available} could be recovered from the recovery data" + (why is null ? "" : $"; {why}")
            : why!,
        BlocksMissing = counts?.Missing ?? 0,
        RecoveryBlocksAvailable = counts?.Available ?? 0,
    };

    // par2 keeps a damaged file as NAME.1 (NAME.2, ...) beside the repaired one; those are the files it rewrote.
    private static List<string> RemoveBackups(string root, HashSet<string> volumeFiles)
    {
        var repaired = new List<string>();
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (volumeFiles.Contains(relative) || Backup().Match(relative) is not { Success: true } backup
                || !volumeFiles.Contains(backup.Groups[1].Value))
            {
                continue;
            }

            File.Delete(path);
            if (repaired.Count < MaxListedFiles && !repaired.Contains(backup.Groups[1].Value))
            {
                repaired.Add(backup.Groups[1].Value);
            }
        }

        DurableFile.SyncFileSystem(root);
        return repaired;
    }

    private static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex(@"^(.+)\.[0-9]{1,4}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Backup();
}
