using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.FileProviders;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>A real HTTP server (Kestrel on 127.0.0.1) serving a temporary directory: files and chart repositories.</summary>
public sealed class StaticFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _root;

    private StaticFileServer(WebApplication app, TempDirectory root, Uri baseUri)
    {
        _app = app;
        _root = root;
        BaseUri = baseUri;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUri { get; }

    public string Prefix => BaseUri.ToString();

    public static async Task<StaticFileServer> StartAsync()
    {
        var root = new TempDirectory("www");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root.Path),
            ServeUnknownFileTypes = true,
            DefaultContentType = "application/octet-stream",
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await app.StartAsync(timeout.Token);
        var port = new Uri(app.Urls.Single()).Port;
        return new StaticFileServer(app, root, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Where <paramref name="relativePath"/> lies on disk, for tools that build a tree to serve (a Debian repository).</summary>
    public string PathOf(string relativePath) => _root.Combine(relativePath.Split('/'));

    public string Write(string relativePath, byte[] content)
    {
        var path = _root.Combine(relativePath.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return new Uri(BaseUri, relativePath).ToString();
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _root.Dispose();
    }
}
