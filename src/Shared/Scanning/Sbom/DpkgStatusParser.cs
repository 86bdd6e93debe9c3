namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// dpkg's database: <c>var/lib/dpkg/status</c>, and the one-file-per-package <c>var/lib/dpkg/status.d/*</c> that
/// distroless images carry instead. A package counts when its status is <c>ok installed</c> with want <c>install</c>
/// or <c>hold</c> (a held package is just as installed); a status.d stanza without a Status field counts too, since
/// distroless writes only installed packages there.
/// </summary>
internal sealed class DpkgStatusParser : IPackageFileParser
{
    private const string StatusFile = "var/lib/dpkg/status";
    private const string StatusDirectory = "var/lib/dpkg/status.d";

    public long MaxBytes => 32L * 1024 * 1024;

    public bool Matches(string path) =>
        path == StatusFile
        || (ImagePaths.Parent(path) == StatusDirectory && !path.EndsWith(".md5sums", StringComparison.Ordinal));

    public IEnumerable<PackageCoordinate> Parse(byte[] content, PackageFileContext context)
    {
        var statusOptional = context.Path != StatusFile;
        foreach (var stanza in ControlStanzas.Read(content))
        {
            if (!stanza.TryGetValue("Package", out var name) || !stanza.TryGetValue("Version", out var version)
                || name.Length == 0 || version.Length == 0)
            {
                continue;
            }

            if (stanza.TryGetValue("Status", out var status) ? !IsInstalled(status) : !statusOptional)
            {
                continue;
            }

            var (sourceName, sourceVersion) = ParseSource(stanza.GetValueOrDefault("Source"));
            var arch = stanza.GetValueOrDefault("Architecture");
            yield return PackageCoordinates.Deb(name, version, arch, sourceName, sourceVersion, context.Os);
        }
    }

    private static bool IsInstalled(string status)
    {
        var words = status.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words is ["install" or "hold", "ok", "installed"];
    }

    /// <summary><c>Source: openssl</c> or <c>Source: openssl (3.0.11-1)</c> when the source version differs.</summary>
    private static (string? Name, string? Version) ParseSource(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return (null, null);
        }

        var open = source.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (source.Trim(), null);
        }

        var close = source.IndexOf(')', open);
        var version = close > open ? source[(open + 1)..close].Trim() : null;
        return (source[..open].Trim(), string.IsNullOrEmpty(version) ? null : version);
    }
}
