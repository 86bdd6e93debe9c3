using System.Text;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>What an image's <c>os-release</c> file says about its distribution.</summary>
/// <param name="Id">The <c>ID</c> field, lowercase: <c>debian</c>, <c>ubuntu</c>, <c>alpine</c>.</param>
/// <param name="VersionId">The <c>VERSION_ID</c> field, e.g. <c>12</c> or <c>3.19.1</c>; null when absent (Debian testing).</param>
/// <param name="PrettyName">The <c>PRETTY_NAME</c> field, for people.</param>
public sealed record OsRelease(string Id, string? VersionId, string? PrettyName)
{
    /// <summary>
    /// The distro qualifier packages of this release carry: <c>debian-12</c>, <c>alpine-3.19</c>; null without a version.
    /// </summary>
    public string? Distro
    {
        get
        {
            if (string.IsNullOrEmpty(VersionId))
            {
                return null;
            }

            if (Id == "alpine")
            {
                // Alpine's security data is per MAJOR.MINOR branch; point releases share it.
                var parts = VersionId.Split('.');
                return parts.Length >= 2 ? $"alpine-{parts[0]}.{parts[1]}" : $"alpine-{VersionId}";
            }

            return $"{Id}-{VersionId}";
        }
    }

    /// <summary>Parses an os-release file (shell-style <c>KEY=value</c> lines); null when it names no <c>ID</c>.</summary>
    public static OsRelease? Parse(ReadOnlySpan<byte> content)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(content).Split('\n'))
        {
            var trimmed = line.Trim();
            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (trimmed.StartsWith('#') || equals <= 0)
            {
                continue;
            }

            fields[trimmed[..equals]] = Unquote(trimmed[(equals + 1)..]);
        }

        return fields.TryGetValue("ID", out var id) && id.Length > 0
            ? new OsRelease(id.ToLowerInvariant(), fields.GetValueOrDefault("VERSION_ID"), fields.GetValueOrDefault("PRETTY_NAME"))
            : null;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0]
            ? value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal)
            : value;
}
