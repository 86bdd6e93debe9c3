using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>
/// A low side set up as docs/lowside.md and scripts/demo.sh do it: `lowside init --no-password`, sources
/// allowed through LOWSIDE__ environment variables, and `lowside serve` with its HTTP API on a free
/// loopback port and a Quartz cut schedule writing small volumes into <see cref="Media"/>.
/// </summary>
internal sealed class LowSideSite : IDisposable
{
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    private LowSideSite(string root, string siteId, Dictionary<string, string> environment, Uri baseUri)
    {
        Data = Path.Combine(root, "data");
        Media = Path.Combine(root, "media");
        SiteId = siteId;
        Cli = ProductExecutable.LowSide(environment).WithData(Data);
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Data { get; }

    /// <summary>Batches:MediaDirectory, where the scheduled cut writes its volumes.</summary>
    public string Media { get; }

    public string SiteId { get; }

    /// <summary>The built `lowside` bound to <see cref="Data"/>.</summary>
    public ProductExecutable Cli { get; }

    public HttpClient Http { get; }

    public string PublicKeyFile => Path.Combine(Data, "keys", "site.pub");

    public static async Task<LowSideSite> InitAsync(string root, string siteId, IReadOnlyList<string> allowedSources, string registryHost,
        string schedule, string volumeSize, string chunkSize)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["LOWSIDE__Http__Urls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            ["LOWSIDE__Sources__Registries__0__Host"] = registryHost,
            ["LOWSIDE__Sources__Registries__0__PlainHttp"] = "true",
            ["LOWSIDE__Batches__Schedule"] = schedule,
            ["LOWSIDE__Batches__MediaDirectory"] = Path.Combine(root, "media"),
            ["LOWSIDE__Batches__VolumeSize"] = volumeSize,
            ["LOWSIDE__Batches__ChunkSize"] = chunkSize,
            ["LOWSIDE__Gathering__RetryBaseDelay"] = "00:00:00.200",
        };
        for (var i = 0; i < allowedSources.Count; i++)
        {
            environment[string.Create(CultureInfo.InvariantCulture, $"LOWSIDE__Sources__Allowed__{i}")] = allowedSources[i];
        }

        var site = new LowSideSite(root, siteId, environment, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
        Directory.CreateDirectory(site.Media);
        var init = await site.Cli.RunAsync("init", "--site", siteId, "--no-password");
        Assert.That(init.ExitCode, Is.Zero, init.ToString());
        return site;
    }

    /// <summary>Starts `lowside serve` and waits for its health endpoint.</summary>
    public Task<DaemonProcess> StartAsync(DaemonRuns runs, TimeSpan timeout, CancellationToken ct) =>
        runs.StartServeAsync("lowside", Cli, new Uri(Http.BaseAddress!, "health"), timeout, ct);

    /// <summary>A local user who signs in to the console: `lowside user add`, then `lowside user password` with the password on stdin.</summary>
    public async Task AddPersonAsync(string name, string role, string password)
    {
        await Cli.SucceedAsync("user", "add", name, "--role", role);
        var set = await Cli.RunAsync(["user", "password", name], TimeSpan.FromSeconds(60), password + "\n");
        Assert.That(set.ExitCode, Is.Zero, set.ToString());
    }

    /// <summary>POST /api/requests as <paramref name="requester"/> (with their personal API token); returns the new request's id.</summary>
    public async Task<string> SubmitAsync(string requester, object request, CancellationToken ct)
    {
        var (status, body) = await TrySubmitAsync(requester, request, ct);
        Assert.That(status, Is.EqualTo(201), body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>POST /api/requests as <paramref name="requester"/>, whatever the answer: its status and body.</summary>
    public async Task<(int Status, string Body)> TrySubmitAsync(string requester, object request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/requests") { Content = JsonContent.Create(request) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(requester, "requester"));
        using var response = await Http.SendAsync(message, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public async Task<IReadOnlyList<LowSideRequest>> RequestsAsync(CancellationToken ct) => await GetAsOperatorAsync<List<LowSideRequest>>("api/requests", ct);

    /// <summary>GET /api/batches, then GET /api/batches/{id} for each: only the detail names the batch's requests.</summary>
    public async Task<IReadOnlyList<LowSideBatch>> BatchesAsync(CancellationToken ct)
    {
        var list = await GetAsOperatorAsync<List<LowSideBatch>>("api/batches", ct);
        var details = new List<LowSideBatch>();
        foreach (var batch in list)
        {
            details.Add(await GetAsOperatorAsync<LowSideBatch>($"api/batches/{batch.Id}", ct));
        }

        return details;
    }

    // A user and a personal API token, made as an operator makes them: `lowside user add`, `lowside token create`.
    private async Task<string> TokenAsync(string user, string role)
    {
        if (!_tokens.TryGetValue(user, out var token))
        {
            await Cli.SucceedAsync("user", "add", user, "--role", role);
            token = (await Cli.SucceedAsync("token", "create", user)).StandardOutput.Trim();
            _tokens[user] = token;
        }

        return token;
    }

    private async Task<T> GetAsOperatorAsync<T>(string path, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, path);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("olga", "operator"));
        using var response = await Http.SendAsync(message, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, ct))!;
    }

    /// <summary>The volume directories of a batch on the media, in volume order.</summary>
    public IReadOnlyList<string> VolumesOf(string batchId) =>
        [.. Directory.EnumerateDirectories(Media, batchId + "-v*").Order(StringComparer.Ordinal)];

    public void Dispose() => Http.Dispose();
}

/// <summary>A request as GET /api/requests returns it (the fields the tests read).</summary>
internal sealed record LowSideRequest(string Id, string Kind, string Status, string Requester, string? Failure)
{
    public override string ToString() => $"{Id} {Kind} {Status}{(Failure is null ? "" : " (" + Failure + ")")}";
}

/// <summary>A batch as GET /api/batches returns it (the fields the tests read).</summary>
internal sealed record LowSideBatch(
    string Id, long Sequence, string Status, long? VolumeCount, string? Failure, IReadOnlyList<string> RequestIds, long? PayloadBytes = null)
{
    public override string ToString() => $"{Id} #{Sequence} {Status} volumes={VolumeCount} requests=[{string.Join(' ', RequestIds)}]";
}
