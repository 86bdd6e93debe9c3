using System.Formats.Tar;
using System.Text.Json;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Hosting.Backup;

/// <summary>
/// Writes a backup archive: a PAX tar, each file streamed into it and hashed on the way, the manifest last; written as
/// FILE.tp-partial, flushed and renamed, so a crash never leaves a half archive under the name, and owner-only (0600)
/// because it holds the site's private key.
/// </summary>
internal static class BackupArchiveWriter
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes <paramref name="sources"/> (a file gone meanwhile is left out) and returns the manifest with their hashes.</summary>
    public static Task<BackupManifest> WriteAsync(string file, BackupManifest manifest, IReadOnlyList<BackupSource> sources, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        DurableFile.WriteAsync(file, async (stream, ct) =>
        {
            var entries = new List<BackupEntry>();
            await using var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
            foreach (var directory in manifest.Directories)
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, directory) { Mode = OwnerOnly.DirectoryMode, ModificationTime = now }, ct);
            }

            foreach (var source in sources)
            {
                if (await WriteFileAsync(tar, source, now, ct) is { } entry)
                {
                    entries.Add(entry);
                }
            }

            var complete = manifest with { Entries = entries };
            using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(complete, Indented), writable: false);
            await tar.WriteEntryAsync(Entry(BackupManifest.EntryName, json, now), ct);
            return complete;
        }, cancellationToken, OwnerOnly.FileMode);

    private static async Task<BackupEntry?> WriteFileAsync(TarWriter tar, BackupSource source, DateTimeOffset now, CancellationToken ct)
    {
        FileStream file;
        try
        {
            file = new FileStream(source.FilePath, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
            });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        await using (file)
        {
            // A log appended to is cut where it stood before the snapshot; any other file is taken at its length now.
            await using var data = new HashedSourceStream(file, Math.Min(source.Prefix ?? long.MaxValue, file.Length));
            await tar.WriteEntryAsync(Entry(source.EntryName, data, now), ct);
            return new BackupEntry(source.EntryName, data.Length, data.Sha256());
        }
    }

    private static PaxTarEntry Entry(string name, Stream data, DateTimeOffset now) => new(TarEntryType.RegularFile, name)
    {
        DataStream = data,
        Mode = OwnerOnly.FileMode,
        ModificationTime = now,
    };
}
