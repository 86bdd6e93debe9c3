using System.Net;
using System.Text;
using TransferPipeline.HighSide.Features.Publishing;

namespace TransferPipeline.HighSide.Kinds.PyPI;

/// <summary>
/// Writes the simple index's pages atomically: <c>simple/index.html</c> (a link per project) and <c>simple/NAME/index.html</c>
/// (PEP 503: a link per file, <c>../../packages/NAME/FILE#sha256=HEX</c>, with <c>data-requires-python</c> and
/// <c>data-yanked</c> when the upstream index gave them). Every text is HTML-escaped and every path segment URL-escaped.
/// </summary>
internal static class PyPIIndexWriter
{
    public const string SimpleFolder = "simple";

    public const string PackagesFolder = "packages";

    public const string PageName = "index.html";

    public static Task WriteProjectAsync(string mirror, string name, IReadOnlyList<PublishedPyPIFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var directory = Path.Combine(mirror, SimpleFolder, name);
        StagedFile.EnsureDirectories(mirror, directory);
        var page = new StringBuilder(Head($"Links for {name}"));
        foreach (var file in files)
        {
            var href = $"../../{PackagesFolder}/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(file.FileName)}#sha256={file.Sha256}";
            page.Append("    <a href=\"").Append(WebUtility.HtmlEncode(href)).Append('"');
            Attribute(page, "data-requires-python", file.RequiresPython);
            Attribute(page, "data-yanked", file.Yanked);
            page.Append('>').Append(WebUtility.HtmlEncode(file.FileName)).Append("</a><br/>\n");
        }

        return WriteAsync(Path.Combine(directory, PageName), page.Append(Tail).ToString(), cancellationToken);
    }

    public static Task WriteRootAsync(string mirror, IReadOnlyList<string> projects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var directory = Path.Combine(mirror, SimpleFolder);
        StagedFile.EnsureDirectories(mirror, directory);
        var page = new StringBuilder(Head("Simple index"));
        foreach (var project in projects)
        {
            page.Append("    <a href=\"").Append(WebUtility.HtmlEncode(Uri.EscapeDataString(project))).Append("/\">")
                .Append(WebUtility.HtmlEncode(project)).Append("</a><br/>\n");
        }

        return WriteAsync(Path.Combine(directory, PageName), page.Append(Tail).ToString(), cancellationToken);
    }

    private const string Tail = "  </body>\n</html>\n";

    private static string Head(string title) =>
        "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.0\">\n"
        + $"    <title>{WebUtility.HtmlEncode(title)}</title>\n  </head>\n  <body>\n    <h1>{WebUtility.HtmlEncode(title)}</h1>\n";

    private static void Attribute(StringBuilder page, string name, string? value)
    {
        if (value is not null)
        {
            page.Append(' ').Append(name).Append("=\"").Append(WebUtility.HtmlEncode(value)).Append('"');
        }
    }

    private static Task WriteAsync(string target, string content, CancellationToken cancellationToken) =>
        StagedFile.WriteBytesAsync(target, new UTF8Encoding(false).GetBytes(content), cancellationToken);
}
