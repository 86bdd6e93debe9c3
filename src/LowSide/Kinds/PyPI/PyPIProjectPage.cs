using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using TransferPipeline.LowSide.Features.Gathering;

namespace TransferPipeline.LowSide.Kinds.PyPI;

/// <summary>
/// Reads a project's page of a PEP 503 simple index (<c>INDEX/NAME/</c>): its anchors, each href resolved against the page
/// (or its <c>&lt;base href&gt;</c>, as pip does) and its attributes HTML-decoded. Whether a link may be followed is the
/// gatherer's decision.
/// </summary>
internal static partial class PyPIProjectPage
{
    /// <summary>The largest page read (projects with thousands of files have pages of a few MiB).</summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    [GeneratedRegex("<a\\b(?<attributes>[^>]*)>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Anchor();

    [GeneratedRegex("<base\\b(?<attributes>[^>]*)>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Base();

    [GeneratedRegex("(?<name>[^\\s=/>\"']+)(?:\\s*=\\s*(?:\"(?<value>[^\"]*)\"|'(?<value>[^']*)'|(?<value>[^\\s\"'=<>`]+)))?",
        RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();

    [GeneratedRegex("^sha256=(?<hex>[0-9a-fA-F]{64})\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Fragment();

    public static async Task<IReadOnlyList<PyPILink>> GetAsync(HttpFileDownloader downloader, string index, string project, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        var page = new Uri(index + project + "/");
        var bytes = await downloader.GetSmallAsync(page, MaxBytes, ct);
        string html;
        try
        {
            html = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new GatherRefusedException(PyPIReasons.IndexInvalid, $"{page} is not UTF-8 text");
        }

        return Parse(html, page);
    }

    /// <summary>The page's links to files (anchors with an http(s) href), in page order.</summary>
    public static IReadOnlyList<PyPILink> Parse(string html, Uri page)
    {
        ArgumentNullException.ThrowIfNull(html);
        var baseUrl = Base().Match(html) is { Success: true } b && Attributes(b)["href"] is { } href
            && Uri.TryCreate(page, href, out var declared) ? declared : page;
        var links = new List<PyPILink>();
        foreach (Match anchor in Anchor().Matches(html))
        {
            var attributes = Attributes(anchor);
            if (attributes["href"] is not { } target || !Uri.TryCreate(baseUrl, target, out var url) || url.Scheme is not ("http" or "https"))
            {
                continue;
            }

            var fragment = url.Fragment.TrimStart('#');
            var sha256 = Sha256Fragment().Match(fragment) is { Success: true } hash ? hash.Groups["hex"].Value.ToLowerInvariant() : null;
            var file = new UriBuilder(url) { Fragment = "" }.Uri;
            var name = Uri.UnescapeDataString(file.AbsolutePath[(file.AbsolutePath.LastIndexOf('/') + 1)..]);
            links.Add(new PyPILink(file, name, sha256, attributes["data-requires-python"], attributes["data-yanked"]));
        }

        return links;
    }

    // Attribute names are case-insensitive; a bare attribute (data-yanked) has the empty value; the first of a name counts.
    private static Dictionary<string, string?> Attributes(Match element)
    {
        var attributes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["href"] = null };
        attributes["data-requires-python"] = null;
        attributes["data-yanked"] = null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match attribute in Attribute().Matches(element.Groups["attributes"].Value))
        {
            var name = attribute.Groups["name"].Value;
            if (seen.Add(name))
            {
                attributes[name] = WebUtility.HtmlDecode(attribute.Groups["value"].Success ? attribute.Groups["value"].Value : "");
            }
        }

        return attributes;
    }
}
