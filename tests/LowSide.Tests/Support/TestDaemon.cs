using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>The real daemon host of a <see cref="TestSite"/> in the test process (Kestrel on a free loopback port, in-memory bus).</summary>
internal sealed class TestDaemon : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly WebApplication _app;

    private TestDaemon(WebApplication app) => _app = app;

    /// <summary>Builds and starts the daemon on the site's configuration as it is now; a start refused by validation throws.</summary>
    public static async Task<TestDaemon> StartAsync(TestSite site)
    {
        var app = TransferDaemon.Build(site.Data, "http://127.0.0.1:0");
        try
        {
            await app.Services.GetRequiredService<MigrationRunner>().RunAsync(CancellationToken.None);
            using var timeout = new CancellationTokenSource(Patience);
            await app.StartAsync(timeout.Token);
            return new TestDaemon(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the API sending <c>Authorization: Bearer <paramref name="token"/></c>, or nothing when null.</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
