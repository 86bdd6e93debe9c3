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

    private static string? OfficialVersion(string file)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (extension is not (".cvd" or ".cld" or ".cud"))
        {
            return null;
        }

        var header = new byte[512];
        using var stream = File.OpenRead(file);
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var fields = Encoding.ASCII.GetString(header, 0, read).Split(':');
        return fields.Length > 2 && fields[0] == "ClamAV-VDB" && int.TryParse(fields[2], out var version)
            ? version.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new ScannerFailedException($"'{file}' has no ClamAV database header");
    }
}
