using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Extensions.Options;

namespace TransferPipeline.HighSide.Features.Docs;

/// <summary>
/// The Markdown documents of the docs directory (and one level of subdirectories, the ADRs), rendered to HTML for the console.
/// A requested name is only ever looked up among the files listed, never joined onto a path, so no name reaches another file.
/// Raw HTML in a document is escaped, and links are kept to http(s), mailto and other documents: no script can come from a doc.
/// </summary>
internal sealed class DocsLibrary(IOptions<DocsOptions> options)
{
    public const string RoutePrefix = "/console/docs";

    // The largest document rendered; the docs are a few tens of kilobytes.
    private const long MaxBytes = 2 * 1024 * 1024;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers()
        .UseTaskLists()
        .DisableHtml()
        .Build();

    public string Directory => options.Value.ResolveDirectory();

    /// <summary>Every document, by name (operations, adrs/0001-minisign), in name order; empty when the directory does not exist.</summary>
    public IReadOnlyDictionary<string, string> List()
    {
        var root = Directory;
        var documents = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!System.IO.Directory.Exists(root))
        {
            return documents;
        }

        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1, IgnoreInaccessible = true };
        foreach (var file in System.IO.Directory.EnumerateFiles(root, "*.md", enumeration))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            documents[relative[..^3]] = file;
        }

        return documents;
    }

    /// <summary>The document called <paramref name="name"/>, rendered; null when there is no such document.</summary>
    public async Task<DocPage?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (!List().TryGetValue(name, out var file) || new FileInfo(file).Length > MaxBytes)
        {
            return null;
        }

        var markdown = await File.ReadAllTextAsync(file, Encoding.UTF8, cancellationToken);
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.Url = SafeUrl(name, link.Url);
        }

        var title = document.Descendants<HeadingBlock>().FirstOrDefault()?.Inline?.FirstChild?.ToString() ?? name;
        return new DocPage(name, title, document.ToHtml(Pipeline));
    }

    // Another document (operations.md#backup, ../operations.md) becomes its console page; a web or mail link stays; anything
    // else with a scheme (javascript:, data:) becomes "#".
    internal static string? SafeUrl(string from, string? url)
    {
        if (string.IsNullOrEmpty(url) || url.StartsWith('#'))
        {
            return url;
        }

        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var pathStarts = url.IndexOfAny(['/', '?', '#']);
        if (colon >= 0 && (pathStarts < 0 || colon < pathStarts))
        {
            var scheme = url[..colon].ToUpperInvariant();
            return scheme is "HTTP" or "HTTPS" or "MAILTO" ? url : "#";
        }

        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var (path, fragment) = hash < 0 ? (url, "") : (url[..hash], url[hash..]);
        if (!path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || path.StartsWith('/'))
        {
            return url;
        }

        var folder = from.Contains('/', StringComparison.Ordinal) ? from[..from.LastIndexOf('/')] : "";
        var parts = new List<string>(folder.Length == 0 ? [] : folder.Split('/'));
        foreach (var part in path[..^3].Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part is not ("." or ""))
            {
                parts.Add(part);
            }
        }

        return $"{RoutePrefix}/{string.Join('/', parts.Select(Uri.EscapeDataString))}{fragment}";
    }
}
