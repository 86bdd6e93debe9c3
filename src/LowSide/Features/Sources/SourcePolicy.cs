using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.LowSide.Features.Sources;

/// <summary>Deny-by-default check of where an artifact may come from, against Sources:Allowed.</summary>
internal sealed class SourcePolicy(IOptions<SourcesOptions> options)
{
    private const string Setting = SourcesOptions.Section + ":Allowed";

    public Failure? CheckRegistry(string registryHost, string field) =>
        options.Value.Allowed.Any(a => !a.Contains("://", StringComparison.Ordinal) && string.Equals(a, registryHost, StringComparison.OrdinalIgnoreCase))
            ? null
            : LowSideFailure.Create(LowSideReasons.SourceNotAllowed,
                $"registry '{registryHost}' is not an allowed source; add it to the {Setting} setting to permit it", field);

    public Failure? CheckUrl(Uri url, string field)
    {
        ArgumentNullException.ThrowIfNull(url);
        var normalized = url.GetLeftPart(UriPartial.Path);
        var allowed = options.Value.Allowed
            .Where(a => a.Contains("://", StringComparison.Ordinal))
            .Any(prefix => IsUnder(normalized, prefix));
        // An encoded separator could be decoded by the server after our prefix check and climb out of the prefix.
        var encodedSeparator = url.AbsolutePath.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || url.AbsolutePath.Contains("%5c", StringComparison.OrdinalIgnoreCase);
        return allowed && !encodedSeparator && string.IsNullOrEmpty(url.UserInfo)
            ? null
            : LowSideFailure.Create(LowSideReasons.SourceNotAllowed,
                $"'{normalized}' is not under an allowed source; add its URL prefix to the {Setting} setting to permit it", field);
    }

    public static bool IsValidAllowedEntry(string entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        if (!entry.Contains("://", StringComparison.Ordinal))
        {
            return Uri.CheckHostName(entry.Split(':')[0]) != UriHostNameType.Unknown && !entry.Contains('/', StringComparison.Ordinal);
        }

        return Uri.TryCreate(entry, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && entry.EndsWith('/')
            && string.IsNullOrEmpty(uri.UserInfo);
    }

    // The prefix must end at a path boundary so that http://host/repo/ does not admit http://host/repository.
    private static bool IsUnder(string url, string prefix)
    {
        var normalizedPrefix = Uri.TryCreate(prefix, UriKind.Absolute, out var p) ? p.GetLeftPart(UriPartial.Path) : prefix;
        return normalizedPrefix.EndsWith('/') && url.StartsWith(normalizedPrefix, StringComparison.Ordinal);
    }
}
