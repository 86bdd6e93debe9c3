using System.Diagnostics.CodeAnalysis;

namespace TransferPipeline.Shared.Debian;

/// <summary>
/// Where Debian packages come from, written as a one-line sources.list entry without its type: the repository's
/// http(s) URL, the suite and the component, separated by single spaces (<c>http://deb.debian.org/debian bookworm main</c>).
/// A <c>deb</c> request's and a <c>deb</c> artifact's source.
/// </summary>
public sealed record DebianSource(Uri Repository, string Suite, string Component)
{
    public const string Description = "'URL SUITE COMPONENT' (an http(s) repository URL without query, a suite and a component)";

    public static bool TryParse(string? text, [NotNullWhen(true)] out DebianSource? source)
    {
        source = null;
        var parts = text?.Split(' ');
        if (parts is not { Length: 3 } || !IsRepositoryUrl(parts[0]) || !DebianNames.IsSuite(parts[1]) || !DebianNames.IsComponent(parts[2]))
        {
            return false;
        }

        source = new DebianSource(new Uri(parts[0].TrimEnd('/'), UriKind.Absolute), parts[1], parts[2]);
        return true;
    }

    /// <summary>An absolute http(s) URL without user information, query or fragment, and without spaces.</summary>
    public static bool IsRepositoryUrl(string? text) =>
        text is not null && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0;

    /// <summary>The repository URL as written in the source: no trailing slash.</summary>
    public string RepositoryText => Repository.OriginalString;

    /// <summary>The URL of <paramref name="relativePath"/> below the repository (a dists/ or pool/ path).</summary>
    public Uri Resolve(string relativePath) => new(RepositoryText + "/" + relativePath, UriKind.Absolute);

    public override string ToString() => $"{RepositoryText} {Suite} {Component}";
}
