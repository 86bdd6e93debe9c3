using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.LowSide.Features.Setup;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>An initialised low-side data directory (unencrypted key) with its configuration open to edits.</summary>
internal sealed class TestSite : IAsyncDisposable
{
    private static readonly TimeSpan ServeStartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _root = new("lowside");
    private readonly List<ServiceProvider> _providers = [];
    private readonly Lazy<HttpClient> _http = new(() => new HttpClient
    {
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/"),
        Timeout = TimeSpan.FromSeconds(30),
    });

    private TestSite(string siteId)
    {
        SiteId = siteId;
        Data = LowSideHost.Data(_root.Combine("data"));
    }

    public string SiteId { get; }
    public DataDirectory Data { get; }
    public string Root => _root.Path;
    public string Media => _root.Combine("media");

    /// <summary>A client for the API of <see cref="ServeAsync"/>'s daemon, on a loopback port chosen on first use.</summary>
    public HttpClient Http => _http.Value;

    /// <summary>Creates the data directory on SQLite; sources allowed as given, fast retries.</summary>
    public static Task<TestSite> CreateAsync(params string[] allowed) => CreateAsync(DatabaseProvider.Sqlite, allowed);

    /// <summary>
    /// Creates the data directory with its state on <paramref name="provider"/> (PostgreSQL: a fresh database copied from the
    /// migrated template of the run's server); sources allowed as given, fast retries.
    /// </summary>
    public static async Task<TestSite> CreateAsync(DatabaseProvider provider, params string[] allowed)
    {
        var site = new TestSite("site-a");
        var database = provider == DatabaseProvider.PostgreSql
            ? new DatabaseOptions { Provider = provider, ConnectionString = await SharedServers.PostgreSql.CreateSiteDatabaseAsync() }
            : null;
        var outcome = await InitService.InitializeAsync(
            site.Data, site.SiteId, ReadOnlyMemory<char>.Empty, TimeProvider.System, CancellationToken.None, database);
        Assert.That(outcome.IsOk, Is.True, outcome.Error?.Message);
        site.Configure(json =>
        {
            json["Sources"]!["Allowed"] = new JsonArray([.. allowed.Select(a => JsonValue.Create(a))]);
            json["Sources"]!["Registries"] = new JsonArray([.. allowed.Where(a => !a.Contains("://", StringComparison.Ordinal))
                .Select(a => new JsonObject { ["Host"] = a, ["PlainHttp"] = true })]);
            json["Gathering"]!["RetryBaseDelay"] = "00:00:00.050";
            json["Gathering"]!["MaxAttempts"] = 3;
            json["Batches"]!["VolumeSize"] = "64MiB";
        });
        return site;
    }

    public void Configure(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(Data.ConfigFile))!.AsObject();
        edit(json);
        File.WriteAllText(Data.ConfigFile, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The services a CLI verb gets, schema migrated; <paramref name="configure"/> has the last word.</summary>
    public async Task<ServiceProvider> ServicesAsync(Action<IServiceCollection>? configure = null)
    {
        var provider = TransferCore.BuildCommandServices(Data, configure);
        _providers.Add(provider);
        await provider.GetRequiredService<MigrationRunner>().RunAsync(CancellationToken.None);
        return provider;
    }

    /// <summary>Makes <see cref="Http"/> call as a new local user <paramref name="name"/> with <paramref name="role"/>.</summary>
    public async Task AuthorizeHttpAsync(string name, string role) =>
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync(name, role));

    /// <summary>A local user with <paramref name="role"/> and a personal API token for them.</summary>
    public async Task<string> TokenAsync(string name, string role)
    {
        var users = await GetAsync<UserService>();
        var added = await users.AddAsync(name, role, "test", CancellationToken.None);
        Assert.That(added.IsOk || added.Error?.Code == LowSideReasons.Conflict, Is.True, added.Error?.Message);
        var token = await users.CreateTokenAsync(name, 30, "test", CancellationToken.None);
        Assert.That(token.IsOk, Is.True, token.Error?.Message);
        return token.Value.Token;
    }

    public async Task<T> GetAsync<T>()
        where T : notnull => (await ServicesAsync()).GetRequiredService<T>();

    /// <summary>The built `lowside serve` on this data directory, listening at <see cref="Http"/>'s address, once healthy.</summary>
    public async Task<DaemonProcess> ServeAsync()
    {
        var urls = new Dictionary<string, string> { ["LOWSIDE__Http__Urls"] = Http.BaseAddress!.ToString().TrimEnd('/') };
        var lowside = ProductExecutable.LowSide(urls).WithData(Data.Root);
        return await lowside.StartServeAsync(new Uri(Http.BaseAddress, "health"), ServeStartTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }

        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        _root.Dispose();
    }
}
