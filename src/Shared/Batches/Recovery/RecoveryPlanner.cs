namespace TransferPipeline.Shared.Batches.Recovery;

/// <summary>
/// Splits a volume's files into par2 recovery sets and sizes each. par2 allows at most 32768 source blocks a set and gives
/// every file at least one block, so a set holds at most <see cref="MaxFilesPerSet"/> files (which also keeps par2's
/// command line far below the kernel's limit); the block size is the smallest multiple of 4 KiB (a sector: damage comes in
/// sectors) that keeps the set within its block budget. Recovery blocks are <c>percent</c> of the set's bytes, at least one.
/// </summary>
internal static class RecoveryPlanner
{
    public const int MaxFilesPerSet = 4096;
    private const int MaxRecoveryFilesPerSet = 4;
    private const long MinBlockSize = 4096;
    // par2's work is the set's bytes times its recovery blocks: 1,000 source blocks (half par2's default) make 50 recovery
    // blocks at 5%, so 50 damaged places anywhere in a set can be rebuilt, at half the time of par2's default.
    private const int MinBlockBudget = 1000;
    private const int MaxSourceBlocks = 32768;

    /// <summary>The sets for one volume's files; empty-size files are left out (par2 cannot cover them, nor can they be damaged unseen).</summary>
    public static IReadOnlyList<RecoverySet> Plan(IEnumerable<ManifestFile> volumeFiles, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        var covered = volumeFiles.Where(f => f.Size > 0 && !RecoveryFileNames.IsRecoveryFile(f.Path))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return covered.Chunk(MaxFilesPerSet)
            .Select((files, i) => Size(RecoveryFileNames.SetName(i + 1), files, percent))
            .ToList();
    }

    private static RecoverySet Size(string name, ManifestFile[] files, int percent)
    {
        var total = files.Sum(f => f.Size);
        // sum(ceil(size / B)) <= total / B + files <= budget whenever B >= total / (budget - files).
        var budget = Math.Min(MaxSourceBlocks, Math.Max(MinBlockBudget, 2 * files.Length));
        var blockSize = Math.Max(MinBlockSize, RoundUp((total + budget - files.Length - 1) / (budget - files.Length), MinBlockSize));
        var sourceBlocks = (int)files.Sum(f => RecoverySet.Blocks(f.Size, blockSize));
        var wanted = (total * percent) + (100L * blockSize) - 1;
        var recoveryBlocks = (int)Math.Clamp(wanted / (100L * blockSize), 1, MaxSourceBlocks);
        return new RecoverySet(name, files, blockSize, sourceBlocks, recoveryBlocks, Math.Min(recoveryBlocks, MaxRecoveryFilesPerSet));
    }

    private static long RoundUp(long value, long unit) => (value + unit - 1) / unit * unit;
}
