using System.IO.Compression;
using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>
/// Reads every OSV record under a directory: each <c>*.json</c> file, and each entry of each <c>all.zip</c> (the OSV
/// export format), entry by entry from the zip's stream. A record over <see cref="OsvDatabase.MaxRecordBytes"/> or
/// one that is not an OSV record throws <see cref="OsvDataException"/> naming the file and entry.
/// </summary>
internal static class OsvRecordReader
{
    public const string ExportFileName = "all.zip";

    public static IEnumerable<(string Source, OsvRecord Record)> ReadAll(string directory, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
        {
            throw new OsvDataException($"OSV data directory '{directory}' does not exist");
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(IsDataFile)
            .Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            ct.ThrowIfCancellationRequested();
            var name = Path.GetRelativePath(directory, path);
            if (Path.GetFileName(path) != ExportFileName)
            {
                using var stream = File.OpenRead(path);
                yield return (name, Read(stream, name));
                continue;
            }

            foreach (var record in ReadExport(path, name, ct))
            {
                yield return record;
            }
        }
    }

    private static bool IsDataFile(string path) =>
        Path.GetFileName(path) == ExportFileName || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<(string Source, OsvRecord Record)> ReadExport(string path, string name, CancellationToken ct)
    {
        using var archive = OpenArchive(path, name);
        foreach (var entry in archive.Entries)
        {
            ct.ThrowIfCancellationRequested();
            if (entry.FullName.EndsWith('/') || !entry.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var source = $"{name}!{entry.FullName}";
            if (entry.Length > OsvDatabase.MaxRecordBytes)
            {
                throw TooLarge(source);
            }

            using var stream = OpenEntry(entry, source);
            yield return (source, Read(stream, source));
        }
    }

    private static ZipArchive OpenArchive(string path, string name)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new OsvDataException($"OSV export '{name}' is not a readable zip: {e.Message}", e);
        }
    }

    private static Stream OpenEntry(ZipArchiveEntry entry, string source)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException e)
        {
            throw new OsvDataException($"OSV record '{source}' cannot be read from the zip: {e.Message}", e);
        }
    }

    // Reads at most the cap plus one byte, so a record whose declared size lies is still refused.
    private static OsvRecord Read(Stream stream, string source)
    {
        var buffer = new byte[OsvDatabase.MaxRecordBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }
        }
        catch (InvalidDataException e)
        {
            throw new OsvDataException($"OSV record '{source}' cannot be read: {e.Message}", e);
        }

        if (length > OsvDatabase.MaxRecordBytes)
        {
            throw TooLarge(source);
        }

        return Parse(buffer.AsSpan(0, length), source);
    }

    private static OsvRecord Parse(ReadOnlySpan<byte> json, string source)
    {
        OsvRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(json, OsvJsonContext.Default.OsvRecord);
        }
        catch (JsonException e)
        {
            throw new OsvDataException($"OSV record '{source}' is malformed: {e.Message}", e);
        }

        if (record is null || string.IsNullOrWhiteSpace(record.Id) || OsvTimestamp.Parse(record.Modified) is null)
        {
            throw new OsvDataException($"OSV record '{source}' is malformed: it needs an \"id\" and an RFC 3339 \"modified\" time");
        }

        return record;
    }

    private static OsvDataException TooLarge(string source) =>
        new($"OSV record '{source}' is larger than the {OsvDatabase.MaxRecordBytes / (1024 * 1024)} MiB limit for one record");
}
