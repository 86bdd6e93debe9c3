using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A tiny HTTP server (Kestrel on 127.0.0.1, a free port) whose every request goes to one handler:
/// for registries that lie, fail, or demand tokens. Records each request as "METHOD /path?query".
/// </summary>
public sealed class FakeRegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests;

    private FakeRegistryServer(WebApplication app, ConcurrentQueue<string> requests, Uri baseUri)
    {
        _app = app;
        _requests = requests;
        BaseUri = baseUri;
        Host = baseUri.Authority;
    }

    /// <summary>"127.0.0.1:PORT".</summary>
    public string Host { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUri { get; }

    /// <summary>Requests received so far, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<FakeRegistryServer> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var requests = new ConcurrentQueue<string>();
        app.Run(context =>
        {
            requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            return handler(context);
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await app.StartAsync(timeout.Token);
        var address = new Uri(app.Urls.Single());
        return new FakeRegistryServer(app, requests, new Uri($"http://127.0.0.1:{address.Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
