using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Scanning;

/// <summary>
/// What a <c>scanner-data</c> artifact's name and source say, on both sides alike: which scanner's data it is
/// (<see cref="ClamAv"/>, <see cref="Osv"/>) and how its one file is packed (from the file name the source URL ends in).
/// </summary>
public static partial class ScannerDataFiles
{
    /// <summary>ClamAV signatures: a <c>.cvd</c> or <c>.cld</c> database, or a <c>.tar.gz</c> of signature files.</summary>
    public const string ClamAv = "clamav";

    /// <summary>OSV vulnerability records: an export (<c>all.zip</c>) or a <c>.zip</c> or <c>.tar.gz</c> of OSV JSON records.</summary>
    public const string Osv = "osv";

    /// <summary>"clamav (.cvd, .cld, .tar.gz) or osv (.zip, .tar.gz)", for messages.</summary>
    public const string Description = "clamav (.cvd, .cld, .tar.gz) or osv (.zip, .tar.gz)";

    /// <summary>The name OSV data packed as a zip is installed under: the OSV export's own name, which the OSV reader opens.</summary>
    public const string OsvExportFileName = "all.zip";

    public static IReadOnlyList<string> Names { get; } = [ClamAv, Osv];

    public static bool IsName(string? name) => name is ClamAv or Osv;

    /// <summary>The last segment of <paramref name="source"/>'s path, unescaped, when it is a safe file name; otherwise null.</summary>
    public static string? FileName(string? source)
    {
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var segment = Uri.UnescapeDataString(uri.Segments.LastOrDefault() ?? "");
        return SafeFileName().IsMatch(segment) ? segment : null;
    }

    /// <summary>How data of <paramref name="name"/> from <paramref name="source"/> is packed; null when the name does not admit that file.</summary>
    public static ScannerDataPacking? PackingOf(string? name, string? source)
    {
        var file = FileName(source)?.ToLowerInvariant();
        if (file is null)
        {
            return null;
        }

        if (file.EndsWith(".tar.gz", StringComparison.Ordinal) || file.EndsWith(".tgz", StringComparison.Ordinal))
        {
            return IsName(name) ? ScannerDataPacking.TarGz : null;
        }

        return (name, Path.GetExtension(file)) switch
        {
            (ClamAv, ".cvd" or ".cld") => ScannerDataPacking.SignatureFile,
            (Osv, ".zip") => ScannerDataPacking.Zip,
            _ => null,
        };
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeFileName();
}
