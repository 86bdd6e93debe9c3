using System.Formats.Tar;
using System.IO.Compression;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Kinds.ScannerData;

/// <summary>
/// Puts a scanner-data blob from quarantine into an empty directory, hashing every byte it reads (a blob altered since
/// verification is refused): a database file copied under its name, a zip copied as the OSV export after its entries
/// are checked, a tar.gz unpacked as it streams. An entry with an absolute path or `..`, a link, a device, a name used
/// twice, or more entries or bytes than <see cref="ScannerDataOptions"/> allow refuses the whole archive.
/// </summary>
internal static class ScannerDataArchive
{
    public static async Task UnpackAsync(
        string blob, string expectedSha256, string fileName, ScannerDataPacking packing, string directory, ScannerDataOptions limits,
        CancellationToken cancellationToken)
    {
        switch (packing)
        {
            case ScannerDataPacking.SignatureFile:
                await CopyAsync(blob, Path.Combine(directory, fileName), expectedSha256, cancellationToken);
                break;
            case ScannerDataPacking.Zip:
                var zip = Path.Combine(directory, ScannerDataFiles.OsvExportFileName);
                await CopyAsync(blob, zip, expectedSha256, cancellationToken);
                CheckZip(zip, directory, limits);
                break;
            default:
                await UnpackTarGzAsync(blob, expectedSha256, directory, limits, cancellationToken);
                break;
        }
    }

    private static async Task CopyAsync(string blob, string target, string expectedSha256, CancellationToken cancellationToken)
    {
        await using var input = Sha256Digest.OpenSequential(blob);
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
        var hashed = await Sha256Digest.CopyAsync(input, output, null, null, cancellationToken);
        CheckHash(blob, hashed.Sha256, expectedSha256);
    }

    private static void CheckZip(string zip, string directory, ScannerDataOptions limits)
    {
        try
        {
            using var archive = ZipFile.OpenRead(zip);
            if (archive.Entries.Count > limits.MaxEntries)
            {
                throw Unsafe($"it holds {archive.Entries.Count} entries, more than ScannerData:MaxEntries ({limits.MaxEntries})");
            }

            var total = 0L;
            foreach (var entry in archive.Entries)
            {
                _ = EntryPath(directory, entry.FullName);
                total += entry.Length;
                CheckTotal(total, limits);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new PublishException(PublishReasons.ScannerDataUnusable, $"the zip cannot be read: {ex.Message}");
        }
    }

    private static async Task UnpackTarGzAsync(string blob, string expectedSha256, string directory, ScannerDataOptions limits,
        CancellationToken cancellationToken)
    {
        await using var file = Sha256Digest.OpenSequential(blob);
        await using var hashing = new HashingReadStream(file, long.MaxValue);
        try
        {
            await using (var gzip = new GZipStream(hashing, CompressionMode.Decompress, leaveOpen: true))
            await using (var tar = new TarReader(gzip, leaveOpen: true))
            {
                var (entries, total) = (0, 0L);
                while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                {
                    if (++entries > limits.MaxEntries)
                    {
                        throw Unsafe($"it holds more entries than ScannerData:MaxEntries ({limits.MaxEntries})");
                    }

                    total += entry.Length;
                    CheckTotal(total, limits);
                    await ExtractAsync(entry, directory, cancellationToken);
                }
            }

            CheckHash(blob, await hashing.FinishAsync(cancellationToken), expectedSha256);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new PublishException(PublishReasons.ScannerDataUnusable, $"the tar.gz cannot be read: {ex.Message}");
        }
    }

    private static async Task ExtractAsync(TarEntry entry, string directory, CancellationToken cancellationToken)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.GlobalExtendedAttributes:
                return;
            case TarEntryType.Directory:
                if (EntryPath(directory, entry.Name) is { } made)
                {
                    Directory.CreateDirectory(made);
                }

                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                var path = EntryPath(directory, entry.Name) ?? throw Unsafe($"entry '{entry.Name}' is a file without a name");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await WriteAsync(entry, path, cancellationToken);
                return;
            default:
                throw Unsafe($"entry '{entry.Name}' is a {entry.EntryType}, not a file or directory");
        }
    }

    private static async Task WriteAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        try
        {
            await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                if (entry.DataStream is { } data)
                {
                    await data.CopyToAsync(output, cancellationToken);
                }
            }

            // The data's age is the policy's business (Policy:Scan:MaxDataAge): a signature file keeps the time it was packed with.
            System.IO.File.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
        }
        catch (IOException) when (System.IO.File.Exists(path) || Directory.Exists(path))
        {
            throw Unsafe($"entry '{entry.Name}' names a file the archive already holds");
        }
    }

    /// <summary>Where an entry goes inside <paramref name="directory"/>; null for the directory itself ("./").</summary>
    private static string? EntryPath(string directory, string name)
    {
        if (name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Any(char.IsControl))
        {
            throw Unsafe($"entry '{Printable(name)}' has an absolute path or a character no entry name may hold");
        }

        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
        {
            throw Unsafe($"entry '{name}' climbs out of its directory (..)");
        }

        if (segments.Length == 0)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine([directory, .. segments]));
        return path.StartsWith(Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw Unsafe($"entry '{name}' lies outside its directory");
    }

    private static void CheckTotal(long total, ScannerDataOptions limits)
    {
        if (total > limits.MaxUnpackedBytes)
        {
            throw Unsafe($"its files add up to more than ScannerData:MaxUnpackedMiB ({limits.MaxUnpackedMiB} MiB)");
        }
    }

    private static void CheckHash(string blob, string actual, string expected)
    {
        if (actual != expected)
        {
            throw new PublishException(PublishReasons.QuarantineTampered,
                $"{blob} in quarantine was altered after verification: sha256 {actual}, expected {expected}");
        }
    }

    private static string Printable(string text) => new([.. text.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);

    private static PublishException Unsafe(string why) => new(PublishReasons.ArchiveUnsafe, $"the archive is refused: {why}");
}
