using System.Formats.Tar;
using System.Text.Json;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Hosting.Backup;

/// <summary>
/// Reads a backup archive twice: <see cref="VerifyAsync"/> streams through it, hashing every entry, and compares them with
/// the manifest at its end, writing nothing; <see cref="ExtractAsync"/> then writes the entries out, hashing them again, so
/// an archive changed between the two passes is caught too.
/// </summary>
internal static class BackupArchiveReader
{
    private const long MaxManifestBytes = 16L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Outcome<BackupManifest>> VerifyAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = OpenRead(file);
            await using var tar = new TarReader(stream);
            var found = new Dictionary<string, BackupEntry>(StringComparer.Ordinal);
            var directories = new List<string>();
            BackupManifest? manifest = null;
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (manifest is not null)
                {
                    return Tampered($"entry '{entry.Name}' follows the manifest");
                }

                if (Refused(entry) is { } refused)
                {
                    return refused;
                }

                if (entry.EntryType == TarEntryType.Directory)
                {
                    directories.Add(entry.Name);
                }
                else if (entry.Name == BackupManifest.EntryName)
                {
                    manifest = await ReadManifestAsync(entry, cancellationToken);
                }
                else if (!found.TryAdd(entry.Name, await HashAsync(entry, cancellationToken)))
                {
                    return Tampered($"entry '{entry.Name}' appears twice");
                }
            }

            return manifest is null
                ? Tampered($"the archive has no {BackupManifest.EntryName}")
                : !directories.SequenceEqual(manifest.Directories, StringComparer.Ordinal)
                    ? Tampered("its directories differ from the manifest's")
                    : Compare(manifest, found);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or JsonException or ArgumentException)
        {
            return new Failure(BackupReasons.Unreadable, $"{file} is not a readable backup archive: {ex.Message}", FailureKind.Invalid);
        }
    }

    /// <summary>
    /// Writes each entry to where <paramref name="placeOf"/> puts it (null: not written), owner-only; a directory entry is a
    /// path under <see cref="BackupManifest.DataPrefix"/> with no hash, created empty.
    /// </summary>
    /// <exception cref="InvalidDataException">An entry no longer matches the manifest verified before.</exception>
    public static async Task ExtractAsync(string file, BackupManifest manifest, Func<BackupEntry, string?> placeOf, CancellationToken cancellationToken)
    {
        var expected = manifest.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        await using var stream = OpenRead(file);
        await using var tar = new TarReader(stream);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType == TarEntryType.Directory && manifest.Directories.Contains(entry.Name)
                && placeOf(new BackupEntry(entry.Name, 0, "")) is { } directory)
            {
                OwnerOnly.CreateDirectory(directory);
                continue;
            }

            if (!expected.TryGetValue(entry.Name, out var known) || placeOf(known) is not { } target)
            {
                continue;
            }

            OwnerOnly.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var output = new FileStream(target, OwnerOnly.Create(FileMode.CreateNew));
            await using var hashing = new HashingReadStream(entry.DataStream ?? Stream.Null, known.Bytes);
            await hashing.CopyToAsync(output, cancellationToken);
            output.Flush(flushToDisk: true);
            if (await hashing.FinishAsync(cancellationToken) != known.Sha256)
            {
                throw new InvalidDataException($"{file} changed while it was restored: entry '{entry.Name}' no longer matches its manifest");
            }
        }
    }

    private static FileStream OpenRead(string file) => new(file, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read,
        Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
    });

    private static Failure? Refused(TarEntry entry)
    {
        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.Directory))
        {
            return Tampered($"entry '{entry.Name}' is a {entry.EntryType}, not a file");
        }

        var name = entry.Name;
        var safe = name.Length > 0 && !name.StartsWith('/') && !name.Contains('\\', StringComparison.Ordinal)
            && name.Split('/').All(part => part.Length > 0 && part != "." && part != "..");
        return safe ? null : Tampered($"entry '{name}' names a place outside the archive");
    }

    private static async Task<BackupManifest?> ReadManifestAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Length > MaxManifestBytes || entry.DataStream is null)
        {
            throw new InvalidDataException($"{BackupManifest.EntryName} is empty or larger than {MaxManifestBytes} bytes");
        }

        return await JsonSerializer.DeserializeAsync<BackupManifest>(entry.DataStream, Json, cancellationToken);
    }

    private static async Task<BackupEntry> HashAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        await using var hashing = new HashingReadStream(entry.DataStream ?? Stream.Null, long.MaxValue);
        var sha256 = await hashing.FinishAsync(cancellationToken);
        return new BackupEntry(entry.Name, hashing.Position, sha256);
    }

    private static Outcome<BackupManifest> Compare(BackupManifest manifest, Dictionary<string, BackupEntry> found)
    {
        if (manifest.FormatVersion != BackupManifest.CurrentFormatVersion)
        {
            return new Failure(BackupReasons.Unreadable, $"backup format {manifest.FormatVersion} is not known to this version", FailureKind.Invalid);
        }

        foreach (var listed in manifest.Entries)
        {
            if (!found.Remove(listed.Path, out var actual))
            {
                return Tampered($"entry '{listed.Path}' is in the manifest but not in the archive");
            }

            if (actual != listed)
            {
                return Tampered($"entry '{listed.Path}' holds {actual.Bytes} bytes with SHA-256 {actual.Sha256}; " +
                    $"the manifest says {listed.Bytes} bytes with {listed.Sha256}");
            }
        }

        return found.Count > 0 ? Tampered($"entry '{found.Keys.First()}' is in the archive but not in the manifest") : manifest;
    }

    private static Failure Tampered(string message) =>
        new(BackupReasons.Tampered, $"the backup archive does not verify, nothing was restored: {message}", FailureKind.Invalid);
}
