using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>
/// A high side set up as docs/highside.md and scripts/demo.sh do it: `highside init` with the mirror
/// registry and the file and chart mirror directories, the low side's key trusted, officers from
/// `officer keygen --no-password`, and `highside serve` watching <see cref="DropFolder"/>, with its
/// HTTP API on a free loopback port and a Quartz publish schedule.
/// </summary>
internal sealed class HighSideSite : IDisposable
{
    private HighSideSite(string root, Dictionary<string, string> environment, Uri baseUri)
    {
        Root = root;
        Data = Path.Combine(root, "data");
        DropFolder = Path.Combine(root, "drop");
        FilesMirror = Path.Combine(root, "mirror", "files");
        ChartsMirror = Path.Combine(root, "mirror", "charts");
        Cli = ProductExecutable.HighSide(environment).WithData(Data);
        BaseUri = baseUri;
    }

    public string Root { get; }

    public string Data { get; }

    /// <summary>Import:DropFolder: where carried volumes are put.</summary>
    public string DropFolder { get; }

    public string FilesMirror { get; }

    public string ChartsMirror { get; }

    public string Incoming => Path.Combine(Data, "quarantine", ".incoming");

    /// <summary>The built `highside` bound to <see cref="Data"/>.</summary>
    public ProductExecutable Cli { get; }

    /// <summary>Where `highside serve` answers; people sign in there (<see cref="HighSideAccount"/>).</summary>
    public Uri BaseUri { get; }

    private readonly Dictionary<string, HighSideAccount> _accounts = new(StringComparer.Ordinal);

    public static async Task<HighSideSite> InitAsync(string root, string siteId, Uri mirrorRegistry, string publishSchedule)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["HIGHSIDE__Http__Urls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            ["HIGHSIDE__Mirrors__Registry__PlainHttp"] = "true",
            ["HIGHSIDE__Import__DropFolder"] = Path.Combine(root, "drop"),
            ["HIGHSIDE__Import__PollInterval"] = "00:00:00.250",
            ["HIGHSIDE__Publish__Schedule"] = publishSchedule,
        };
        var site = new HighSideSite(root, environment, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
        await site.RunCheckedAsync("init", "--site", siteId, "--registry", mirrorRegistry.ToString().TrimEnd('/'),
            "--files", site.FilesMirror, "--charts", site.ChartsMirror, "--no-password");
        return site;
    }

    public Task TrustAsync(string lowSiteId, string publicKeyFile) => RunCheckedAsync("trust", "add", "--site", lowSiteId, "--key", publicKeyFile);

    /// <summary>The officers found the roster (keys from `officer keygen --no-password`); returns their secret key files.</summary>
    public async Task<IReadOnlyList<string>> FoundOfficersAsync(params string[] names)
    {
        await OfficerCeremony.FoundAsync(Cli, Root, names);
        return [.. names.Select(n => Path.Combine(Root, n + ".key"))];
    }

    /// <summary>Starts `highside serve` and waits for its health endpoint.</summary>
    public Task<DaemonProcess> StartAsync(DaemonRuns runs, TimeSpan timeout, CancellationToken ct) =>
        runs.StartServeAsync("highside", Cli, new Uri(BaseUri, "health"), timeout, ct);

    public async Task<IReadOnlyList<HighSideBatch>> BatchesAsync(CancellationToken ct) =>
        (await (await AccountAsync("auditor", "auditor", null)).Http.GetFromJsonAsync<List<HighSideBatch>>(
            new Uri("batches", UriKind.Relative), JsonSerializerOptions.Web, ct))!;

    /// <summary>
    /// An officer's approval through the HTTP API, signed as stock minisign would: a prehashed signature
    /// over the statement from GET /batches/{id}/statement, trusted comment as in ADR 0004.
    /// </summary>
    public async Task<(int Status, string Body)> ApproveAsync(string batchId, string officerKeyFile, CancellationToken ct)
    {
        var officer = Path.GetFileNameWithoutExtension(officerKeyFile);
        var http = (await AccountAsync(officer, "officer", officer)).Http;
        var statement = await http.GetStringAsync(new Uri($"batches/{batchId}/statement", UriKind.Relative), ct);
        using var key = MinisignSecretKey.Load(officerKeyFile, "");
        var signature = key.SignPrehashed(Blake2bHash.Compute(Encoding.UTF8.GetBytes(statement), 64),
            $"transferpipeline-approval batch:{batchId} decision:approve", "approved in the end-to-end test");
        using var response = await http.PostAsJsonAsync(new Uri($"batches/{batchId}/approvals", UriKind.Relative),
            new { statement, signature = signature.ToFileText() }, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public Task<ProcessResult> RunCheckedAsync(params string[] arguments) => Cli.SucceedAsync(arguments);

    public void Dispose()
    {
        foreach (var account in _accounts.Values)
        {
            account.Dispose();
        }
    }

    // One signed-in account per person, made with `highside account add` the first time it is needed.
    private async Task<HighSideAccount> AccountAsync(string name, string role, string? officer)
    {
        if (!_accounts.TryGetValue(name, out var account))
        {
            account = await HighSideAccount.SignedInAsync(Cli, BaseUri, name, role, officer);
            _accounts[name] = account;
        }

        return account;
    }
}

/// <summary>A batch as GET /batches returns it (the fields the tests read).</summary>
internal sealed record HighSideBatch(string Id, long? Sequence, string State, string? ReasonCode, long VolumeCount, string? WaitingFor)
{
    public override string ToString() =>
        $"{Id} #{Sequence} {State}{(ReasonCode is null ? "" : " [" + ReasonCode + "]")} volumes={VolumeCount}"
        + $"{(WaitingFor is null ? "" : " waiting for " + WaitingFor)}";
}
