using System.Net;
using Microsoft.AspNetCore.Http;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A directory served on 127.0.0.1 as the documented nginx configurations of the language mirrors serve theirs: the path
/// decoded (so '@scope%2fname' is '@scope/name'), never leaving the directory, a directory answered by its index file. What the
/// test npm registry, simple index and NuGet feed share, as upstreams and to serve a published mirror.
/// </summary>
public sealed class TestStaticFiles : IAsyncDisposable
{
    private readonly FakeRegistryServer _server;
    private readonly TempDirectory? _owned;

    private TestStaticFiles(FakeRegistryServer server, string root, TempDirectory? owned)
    {
        _server = server;
        _owned = owned;
        Root = root;
    }

    public string Root { get; }

    /// <summary>http://127.0.0.1:PORT (no final '/').</summary>
    public string Url => _server.BaseUri.ToString().TrimEnd('/');

    /// <summary>Requests received so far ("GET /path").</summary>
    public IReadOnlyList<string> Requests => _server.Requests;

    /// <summary>
    /// Serves <paramref name="directory"/> (a published mirror), or when null a new temporary directory named after
    /// <paramref name="ownedName"/>; a directory is answered by its <paramref name="indexFile"/>, typed <paramref name="indexContentType"/>.
    /// </summary>
    public static async Task<TestStaticFiles> StartAsync(string? directory, string ownedName, string indexFile, string indexContentType)
    {
        var owned = directory is null ? new TempDirectory(ownedName) : null;
        var root = directory ?? owned!.Path;
        var server = await FakeRegistryServer.StartAsync(context => ServeAsync(context, root, indexFile, indexContentType));
        return new TestStaticFiles(server, root, owned);
    }

    /// <summary>Writes a file below the root (to publish, or to replace what was published).</summary>
    public void WriteFile(string relativePath, byte[] content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _owned?.Dispose();
    }

    private static async Task ServeAsync(HttpContext context, string root, string indexFile, string indexContentType)
    {
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "/").TrimStart('/');
        var file = Path.GetFullPath(Path.Combine(root, path));
        if (path.Split('/').Any(s => s is "." or "..") || !file.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal))
        {
            context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            return;
        }

        var index = Path.Combine(file, indexFile);
        var served = File.Exists(file) ? file : File.Exists(index) ? index : null;
        if (served is null)
        {
            context.Response.StatusCode = (int)HttpStatusCode.NotFound;
            return;
        }

        context.Response.ContentType = served.EndsWith(indexFile, StringComparison.Ordinal) ? indexContentType : "application/octet-stream";
        await context.Response.SendFileAsync(served);
    }
}
