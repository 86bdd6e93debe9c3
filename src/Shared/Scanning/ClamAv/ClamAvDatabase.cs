using System.Security.Cryptography;
using System.Text;

namespace TransferPipeline.Shared.Scanning.ClamAv;

/// <summary>
/// A directory of ClamAV signature files and the version every finding names. Official databases
/// (.cvd/.cld) carry their own version in a 512-byte header ("ClamAV-VDB:date:version:..."); for the rest
/// (a site's own .hdb/.ndb files) the version is a digest of their names and contents, so two scans with
/// the same version used the same signatures.
/// </summary>
public static class ClamAvDatabase
{
    private static readonly string[] SignatureExtensions =
        [".cvd", ".cld", ".cud", ".hdb", ".hsb", ".mdb", ".msb", ".ndb", ".ldb", ".cdb", ".ign", ".ign2", ".fp", ".sfp", ".yar", ".yara"];

    /// <summary>The signature files in <paramref name="directory"/>, in ordinal order of their names.</summary>
    public static IReadOnlyList<string> SignatureFiles(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory)
                .Where(f => SignatureExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)]
            : [];

    /// <summary>E.g. "daily:27400 main:62" or "local:3f2a9c01b7de"; throws when the directory holds no signatures.</summary>
    public static string DescribeVersion(string directory)
    {
        var files = SignatureFiles(directory);
        if (files.Count == 0)
        {
            throw new ScannerFailedException($"the ClamAV database directory '{directory}' holds no signature files");
        }

        var parts = new List<string>();
        using var local = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var hasLocal = false;
        foreach (var file in files)
        {
            if (OfficialVersion(file) is { } official)
            {
                parts.Add($"{Path.GetFileNameWithoutExtension(file)}:{official}");
                continue;
            }

            hasLocal = true;
            local.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            using var stream = File.OpenRead(file);
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                local.AppendData(buffer, 0, read);
            }
        }

        if (hasLocal)
        {
            parts.Add("local:" + Convert.ToHexStringLower(local.GetHashAndReset())[..12]);
        }

        return string.Join(' ', parts);
    }

    /// <summary>
    /// When the newest signatures in <paramref name="directory"/> were made: an official database's build time from
    /// its header, otherwise the file's modification time. The policy's maximum data age is measured from this.
    /// </summary>
    public static DateTimeOffset? NewestSignatureTime(string directory) =>
        SignatureFiles(directory).Select(f => HeaderField(f, 1) is { } built
                && DateTimeOffset.TryParseExact(built, "dd MMM yyyy HH-mm zzz", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var time)
                ? time.ToUniversalTime()
                : new DateTimeOffset(File.GetLastWriteTimeUtc(f), TimeSpan.Zero))
            .Select(t => (DateTimeOffset?)t).Max();

    private static string? OfficialVersion(string file)
    {
        if (!IsOfficial(file))
        {
            return null;
        }

        return int.TryParse(HeaderField(file, 2), out var version)
            ? version.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new ScannerFailedException($"'{file}' has no ClamAV database header");
    }

    private static bool IsOfficial(string file) => Path.GetExtension(file).ToLowerInvariant() is ".cvd" or ".cld" or ".cud";

    // The 512-byte header of an official database: "ClamAV-VDB:build time:version:signatures:...".
    private static string? HeaderField(string file, int index)
    {
        if (!IsOfficial(file))
        {
            return null;
        }

        var header = new byte[512];
        using var stream = File.OpenRead(file);
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var fields = Encoding.ASCII.GetString(header, 0, read).Split(':');
        return fields.Length > index && fields[0] == "ClamAV-VDB" ? fields[index] : null;
    }
}
