using TransferPipeline.Hosting.Data;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Hosting.Backup;

/// <summary>
/// What of a data directory goes into a backup beside the database snapshot: every regular file (configuration, keys,
/// trust, roster, receipts, audit mirror and checkpoints), except the database's own files, files still being written,
/// the side's operational logs, its content directories unless asked for, and its scratch directories.
/// </summary>
internal static class BackupSources
{
    private const string AppendOnlyExtension = ".jsonl";

    /// <summary>Call before the database snapshot: append-only logs are cut at the length they have now.</summary>
    /// <param name="data">The data directory.</param>
    /// <param name="includeContent">Whether the side's content directories go in too.</param>
    /// <param name="excluded">Full paths of files or directories left out (the archive being written, the backup directory).</param>
    public static IReadOnlyList<BackupSource> Collect(DataDirectory data, bool includeContent, IEnumerable<string> excluded)
    {
        ArgumentNullException.ThrowIfNull(data);
        var skipped = Skipped(data, includeContent, excluded);
        var sources = new List<BackupSource>();
        foreach (var file in Directory.EnumerateFiles(data.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (IsSkipped(data, file, skipped))
            {
                continue;
            }

            var relative = Path.GetRelativePath(data.Root, file).Replace(Path.DirectorySeparatorChar, '/');
            var prefix = file.EndsWith(AppendOnlyExtension, StringComparison.Ordinal) ? CompleteLines(file) : (long?)null;
            sources.Add(new BackupSource(BackupManifest.DataPrefix + relative, file, prefix));
        }

        return sources.OrderBy(s => s.EntryName, StringComparer.Ordinal).ToList();
    }

    private static bool IsSkipped(DataDirectory data, string file, List<string> skipped)
    {
        var info = new FileInfo(file);
        return info.LinkTarget is not null
            || file.StartsWith(data.DatabaseFile, StringComparison.Ordinal)
            || file.EndsWith(DurableFile.PartialSuffix, StringComparison.Ordinal)
            || (Path.GetDirectoryName(file) == data.LogsDirectory && info.Name.StartsWith(data.Side.Name + "-", StringComparison.Ordinal))
            || skipped.Any(d => file == d || file.StartsWith(d + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    /// <summary>
    /// Every directory of the data directory not inside a skipped one, as its archive entry name, parents first: a skipped
    /// directory itself is kept, empty, where the side expects it.
    /// </summary>
    public static IReadOnlyList<string> Directories(DataDirectory data, bool includeContent, IEnumerable<string> excluded)
    {
        ArgumentNullException.ThrowIfNull(data);
        var skipped = Skipped(data, includeContent, excluded);
        return Directory.EnumerateDirectories(data.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(d => new DirectoryInfo(d).LinkTarget is null && !skipped.Any(s => d.StartsWith(s + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .Select(d => BackupManifest.DataPrefix + Path.GetRelativePath(data.Root, d).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static List<string> Skipped(DataDirectory data, bool includeContent, IEnumerable<string> excluded)
    {
        var skipped = data.Side.BackupScratchDirectories.Select(d => data.Combine(d)).Concat(excluded).ToList();
        if (!includeContent)
        {
            skipped.AddRange(data.Side.BackupContentDirectories.Select(d => data.Combine(d)));
        }

        return skipped;
    }

    /// <summary>The length up to and including the last newline: a line still being appended is left out.</summary>
    private static long CompleteLines(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[4096];
        for (var end = stream.Length; end > 0;)
        {
            var start = Math.Max(0, end - buffer.Length);
            stream.Position = start;
            stream.ReadExactly(buffer, 0, (int)(end - start));
            var newline = Array.LastIndexOf(buffer, (byte)'\n', (int)(end - start) - 1);
            if (newline >= 0)
            {
                return start + newline + 1;
            }

            end = start;
        }

        return 0;
    }
}
