using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A PEP 503 simple index as a static server serves one: <c>simple/index.html</c>, <c>simple/NAME/index.html</c> with a link
/// per file (<c>#sha256=</c>, <c>data-requires-python</c>) and the files below <c>packages/</c>, answered on 127.0.0.1 as
/// the documented nginx configuration answers (a directory by its index.html). Used as the upstream index (its files here
/// or, as pypi.org keeps them, on another host) and to serve a published mirror.
/// </summary>
public sealed class TestPyPIIndex : IAsyncDisposable
{
    private readonly TestStaticFiles _files;
    private readonly Dictionary<string, List<string>> _links = new(StringComparer.Ordinal);

    private TestPyPIIndex(TestStaticFiles files)
    {
        _files = files;
    }

    public string Root => _files.Root;

    /// <summary>http://127.0.0.1:PORT (no final '/').</summary>
    public string Url => _files.Url;

    /// <summary>The simple index URL, http://127.0.0.1:PORT/simple/ (a pypi request's source, pip's --index-url).</summary>
    public string IndexUrl => Url + "/simple/";

    /// <summary>Requests received so far ("GET /path").</summary>
    public IReadOnlyList<string> Requests => _files.Requests;

    /// <summary>An empty index of its own.</summary>
    public static Task<TestPyPIIndex> StartAsync() => ServeAsync(null);

    /// <summary>Serves <paramref name="directory"/> (a published mirror); null, a new temporary directory.</summary>
    public static async Task<TestPyPIIndex> ServeAsync(string? directory) =>
        new(await TestStaticFiles.StartAsync(directory, "pypi-index", "index.html", "text/html"));

    /// <summary>
    /// Publishes each package's wheel and sdist and lists them on its project page; the files are kept on
    /// <paramref name="filesOn"/> (another host, linked absolutely) when given, else here (linked relatively).
    /// </summary>
    public void Publish(TestPyPIIndex? filesOn, params TestPyPIPackage[] packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        foreach (var package in packages)
        {
            foreach (var (file, bytes) in new[] { (package.WheelFileName, package.Wheel()), (package.SdistFileName, package.Sdist()) })
            {
                var path = $"packages/{package.Project}/{file}";
                (filesOn ?? this).WriteFile(path, bytes);
                var href = filesOn is null ? $"../../{path}" : $"{filesOn.Url}/{path}";
                var requires = package.RequiresPython is null ? "" : $" data-requires-python=\"{WebUtility.HtmlEncode(package.RequiresPython)}\"";
                AddLink(package.Project, $"<a href=\"{href}#sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))}\"{requires}>{file}</a>");
            }
        }
    }

    /// <inheritdoc cref="Publish(TestPyPIIndex?, TestPyPIPackage[])"/>
    public void Publish(params TestPyPIPackage[] packages) => Publish(null, packages);

    /// <summary>Adds an anchor (any HTML) to a project's page, and the project to the root page.</summary>
    public void AddLink(string project, string anchor)
    {
        if (!_links.TryGetValue(project, out var links))
        {
            _links[project] = links = [];
        }

        links.Add(anchor);
        WriteFile($"simple/{project}/index.html", Encoding.UTF8.GetBytes(
            $"<!DOCTYPE html>\n<html><head><title>Links for {project}</title></head><body><h1>Links for {project}</h1>\n"
            + string.Concat(links.Select(l => l + "<br/>\n")) + "</body></html>\n"));
        WriteFile("simple/index.html", Encoding.UTF8.GetBytes("<!DOCTYPE html>\n<html><body>\n"
            + string.Concat(_links.Keys.Order(StringComparer.Ordinal).Select(p => $"<a href=\"{p}/\">{p}</a>\n")) + "</body></html>\n"));
    }

    /// <summary>Replaces a project's page with <paramref name="html"/> (to make it lie).</summary>
    public void WritePage(string project, string html) => WriteFile($"simple/{project}/index.html", Encoding.UTF8.GetBytes(html));

    public string ReadPage(string project) => File.ReadAllText(Path.Combine(Root, "simple", project, "index.html"));

    /// <summary>Writes a file below the index's root (to replace a wheel).</summary>
    public void WriteFile(string relativePath, byte[] content) => _files.WriteFile(relativePath, content);

    public ValueTask DisposeAsync() => _files.DisposeAsync();
}
