using System.Collections.Concurrent;
using System.Globalization;
namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>
/// Loaded OSV databases, kept while their directory is unchanged (the newest modification time of its files and their
/// count): an export of every ecosystem takes seconds to load, and each batch's scan needs it.
/// </summary>
public sealed class OsvDatabases
{
    private readonly ConcurrentDictionary<string, (string Stamp, OsvDatabase Database)> _loaded = new(StringComparer.Ordinal);

    public OsvDatabase Load(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new ScannerFailedException($"the OSV database directory '{directory}' does not exist");
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
        var stamp = string.Create(CultureInfo.InvariantCulture,
            $"{files.Count}:{(files.Count == 0 ? 0 : files.Max(f => f.LastWriteTimeUtc.Ticks))}:{files.Sum(f => f.Length)}");
        if (_loaded.TryGetValue(directory, out var cached) && cached.Stamp == stamp)
        {
            return cached.Database;
        }

        try
        {
            var database = OsvDatabase.Load(directory, cancellationToken);
            _loaded[directory] = (stamp, database);
            return database;
        }
        catch (OsvDataException ex)
        {
            throw new ScannerFailedException($"the OSV data in '{directory}' cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>The version findings name: the newest modification time of any record, e.g. "osv 2026-11-30T12:00:00Z".</summary>
    public static string Version(OsvDatabase database) =>
        "osv " + (database.NewestModified?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "empty");
}
