using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>
/// What one scanner run may talk about: its own artifact and nothing else. A location is accepted when it is the artifact,
/// a path inside it (relative without escaping it, or absolute under it), or a package URL; anything else refuses the
/// whole output, because a scanner that claims other files cannot be trusted about this one.
/// </summary>
internal sealed partial class ArtifactScope
{
    private readonly string _root;

    public ArtifactScope(string artifactPath, string artifactName)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(artifactPath));
        Name = artifactName;
    }

    /// <summary>The artifact's name; the subject of findings about the artifact as a whole.</summary>
    public string Name { get; }

    /// <summary>
    /// A SARIF artifact location URI as a path relative to the artifact ("" for the artifact itself) or a package URL.
    /// Percent escapes are decoded before the checks.
    /// </summary>
    public string LocateUri(string uri)
    {
        if (IsPackageUrl(uri))
        {
            return uri;
        }

        if (HasScheme(uri))
        {
            return LocateFileUri(uri);
        }

        var path = Uri.UnescapeDataString(uri);
        return path.StartsWith('/') ? LocateAbsolute(path, uri) : LocateRelative(path, uri);
    }

    /// <summary>
    /// A CycloneDX <c>affects.ref</c>: one declared in the document names a component the tool found in this artifact;
    /// otherwise it must be a package URL, this artifact's name, or a path under it. BOM-Links to other documents never are.
    /// </summary>
    public string LocateReference(string reference, bool declared)
    {
        if (reference.StartsWith("urn:cdx:", StringComparison.OrdinalIgnoreCase))
        {
            throw Outside(reference, "refers to another BOM");
        }

        if (reference.StartsWith('/'))
        {
            return LocateAbsolute(reference, reference);
        }

        if (reference.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return LocateFileUri(reference);
        }

        if (declared || IsPackageUrl(reference))
        {
            return reference;
        }

        return reference == Name ? "" : throw Outside(reference, "names neither a component of this output nor this artifact");
    }

    /// <summary>True when <paramref name="uri"/> starts with a scheme (<c>file:</c>, <c>https:</c>, <c>pkg:</c>).</summary>
    public static bool HasScheme(string uri) => UriScheme().IsMatch(uri);

    private static bool IsPackageUrl(string text) => text.StartsWith("pkg:", StringComparison.Ordinal);

    private string LocateFileUri(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
        {
            throw Outside(uri, "is not a path in the artifact");
        }

        if (!string.IsNullOrEmpty(parsed.Host) && !parsed.IsLoopback)
        {
            throw Outside(uri, "names another host");
        }

        return LocateAbsolute(parsed.LocalPath, uri);
    }

    private string LocateAbsolute(string path, string original)
    {
        RejectControlCharacters(path, original);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (full == _root)
        {
            return "";
        }

        return full.StartsWith(_root + "/", StringComparison.Ordinal)
            ? full[(_root.Length + 1)..]
            : throw Outside(original, "is not under the scanned artifact");
    }

    private static string LocateRelative(string path, string original)
    {
        RejectControlCharacters(path, original);
        var segments = new List<string>();
        foreach (var segment in path.Split('/', '\\'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment != "..")
            {
                segments.Add(segment);
            }
            else if (segments.Count > 0)
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else
            {
                throw Outside(original, "climbs out of the scanned artifact");
            }
        }

        return string.Join('/', segments);
    }

    private static void RejectControlCharacters(string path, string original)
    {
        if (path.Any(char.IsControl))
        {
            throw ScannerOutputException.Malformed($"location '{DisplayText.Printable(original)}' holds control characters");
        }
    }

    private static ScannerOutputException Outside(string location, string why) =>
        ScannerOutputException.Outside($"location '{DisplayText.Printable(location)}' {why}");

    // RFC 3986 scheme; a single letter would be a Windows drive, which is no path in the artifact either.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:", RegexOptions.CultureInvariant)]
    private static partial Regex UriScheme();
}
