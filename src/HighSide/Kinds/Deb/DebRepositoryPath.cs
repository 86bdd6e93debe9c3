using System.Globalization;
using System.Text.RegularExpressions;
using TransferPipeline.HighSide.Features.Publishing;

namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>
/// Where an upstream repository is published below the apt mirror: its host (<c>host_port</c> with an explicit port),
/// then its URL path's segments, so <c>http://deb.debian.org/debian</c> is <c>deb.debian.org/debian</c>. Only plain
/// segments of <c>[A-Za-z0-9._-]</c> (not <c>.</c> or <c>..</c>) map; anything else is refused.
/// </summary>
internal static partial class DebRepositoryPath
{
    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentPattern();

    public static string Of(Uri repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var host = repository.IsDefaultPort
            ? repository.Host
            : string.Create(CultureInfo.InvariantCulture, $"{repository.Host}_{repository.Port}");
        // The path as written, not as Uri normalised it: "a/../b" is refused rather than quietly read as "b".
        var written = repository.OriginalString;
        var slash = written.IndexOf('/', written.IndexOf("://", StringComparison.Ordinal) + 3);
        var path = slash < 0 ? "" : written[slash..];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Prepend(host.ToLowerInvariant()).ToList();
        if (segments.Count > 16 || segments.Any(s => !SegmentPattern().IsMatch(s) || s is "." or ".."))
        {
            throw new PublishException(PublishReasons.RepositoryPathUnsafe,
                $"repository {repository.OriginalString} does not map to a path of plain segments ([A-Za-z0-9._-]) below the apt mirror");
        }

        return string.Join('/', segments);
    }
}
