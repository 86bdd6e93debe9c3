using System.Text;
using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// pip's <c>requirements*.txt</c>: only exactly pinned lines (<c>name==version</c>, extras, markers and hashes allowed)
/// name an installed version; ranges, URLs, options and includes name none and are left out.
/// </summary>
internal sealed partial class RequirementsTxtParser : IPackageFileParser
{
    public long MaxBytes => 8L * 1024 * 1024;

    public bool Matches(string path)
    {
        var name = ImagePaths.FileName(path);
        return name.StartsWith("requirements", StringComparison.Ordinal) && name.EndsWith(".txt", StringComparison.Ordinal);
    }

    public IEnumerable<PackageCoordinate> Parse(byte[] content, PackageFileContext context)
    {
        // A trailing backslash continues the line (long --hash lists).
        var text = Encoding.UTF8.GetString(content).Replace("\\\r\n", " ", StringComparison.Ordinal)
            .Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = StripComment(raw);
            var cut = line.IndexOfAny([';', '@']);
            line = cut >= 0 ? line[..cut] : line;
            var options = line.IndexOf(" -", StringComparison.Ordinal);
            line = (options >= 0 ? line[..options] : line).Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
            if (Pinned().Match(line) is { Success: true } match)
            {
                yield return PackageCoordinates.PyPIPackage(match.Groups["name"].Value, match.Groups["version"].Value);
            }
        }
    }

    private static string StripComment(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.StartsWith('#'))
        {
            return string.Empty;
        }

        var comment = trimmed.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? trimmed[..comment] : trimmed).Replace('\t', ' ');
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(?:\[[A-Za-z0-9._,-]*\])?==(?<version>[A-Za-z0-9.!+_-]+)$")]
    private static partial Regex Pinned();
}
