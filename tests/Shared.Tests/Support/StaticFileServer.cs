using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A real HTTP server (Kestrel static files on 127.0.0.1) serving a directory, as the air gap's or an upstream's web server
/// would: a temporary one of its own that tests write files and chart or Debian repositories into, or a mirror's directory.
/// </summary>
public sealed class StaticFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _root;
    private readonly TempDirectory? _owned;

    private StaticFileServer(WebApplication app, string root, TempDirectory? owned, Uri baseUri)
    {
        _app = app;
        _root = root;
        _owned = owned;
        BaseUri = baseUri;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUri { get; }

    public string Prefix => BaseUri.ToString();

    /// <summary>A server of an empty temporary directory of its own, removed when it is disposed.</summary>
    public static Task<StaticFileServer> StartAsync() => StartAsync(new TempDirectory("www"));

    /// <summary>A server of <paramref name="directory"/> (a published mirror), which stays when it is disposed.</summary>
    public static async Task<StaticFileServer> StartAsync(string directory)
    {
        var app = await StartAppAsync(directory);
        return new StaticFileServer(app, directory, null, BaseUriOf(app));
    }

    /// <summary>Where <paramref name="relativePath"/> lies on disk, for tools that build a tree to serve (a Debian repository).</summary>
    public string PathOf(string relativePath) => Path.Combine([_root, .. relativePath.Split('/')]);

    public string Write(string relativePath, byte[] content)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return new Uri(BaseUri, relativePath).ToString();
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _owned?.Dispose();
    }

    private static async Task<StaticFileServer> StartAsync(TempDirectory owned)
    {
        try
        {
            var app = await StartAppAsync(owned.Path);
            return new StaticFileServer(app, owned.Path, owned, BaseUriOf(app));
        }
        catch
        {
            owned.Dispose();
            throw;
        }
    }

    private static async Task<WebApplication> StartAppAsync(string directory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(directory),
            ServeUnknownFileTypes = true,
            DefaultContentType = "application/octet-stream",
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await app.StartAsync(timeout.Token);
        return app;
    }

    private static Uri BaseUriOf(WebApplication app) => new($"http://127.0.0.1:{new Uri(app.Urls.Single()).Port}/");
}
