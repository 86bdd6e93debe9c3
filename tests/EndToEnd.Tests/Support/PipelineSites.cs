using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>
/// A low side and a high side set up as an operator would: both initialised through their CLIs, the
/// low side allowed to reach the upstream servers, the high side trusting the low side's key and
/// knowing two officers, alice and bob, whose keys were made with `highside officer keygen`.
/// </summary>
public sealed class PipelineSites : IDisposable
{
    private readonly TempDirectory _root = new("pipeline");

    private PipelineSites(UpstreamServers upstream)
    {
        Upstream = upstream;
        var sources = new Dictionary<string, string>
        {
            ["LOWSIDE__Sources__Allowed__0"] = upstream.Source.Host,
            ["LOWSIDE__Sources__Allowed__1"] = new Uri(upstream.Web.BaseUri, "files/").ToString(),
            ["LOWSIDE__Sources__Allowed__2"] = new Uri(upstream.Web.BaseUri, "charts/").ToString(),
            ["LOWSIDE__Sources__Allowed__3"] = new Uri(upstream.Web.BaseUri, "debian/").ToString(),
            ["LOWSIDE__Sources__Registries__0__Host"] = upstream.Source.Host,
            ["LOWSIDE__Sources__Registries__0__PlainHttp"] = "true",
            ["HIGHSIDE__Mirrors__Registry__PlainHttp"] = "true",
        };
        Low = ProductExecutable.LowSide(sources).WithData(LowData);
        High = ProductExecutable.HighSide(sources).WithData(HighData);
    }

    public UpstreamServers Upstream { get; }
    public string LowData => _root.Combine("low");
    public string HighData => _root.Combine("high");
    public string FileMirror => _root.Combine("mirror", "files");
    public string ChartMirror => _root.Combine("mirror", "charts");
    public string DebianMirror => _root.Combine("mirror", "debian");
    public string PyPIMirror => _root.Combine("mirror", "pypi");
    public ProductExecutable Low { get; }
    public ProductExecutable High { get; }

    public string Path(params string[] parts) => _root.Combine(parts);

    public string OfficerKey(string name) => _root.Combine(name + ".key");

    /// <summary>Edits a side's configuration file (lowside.json, highside.json) as an operator would.</summary>
    public static async Task EditConfigAsync(string dataDirectory, string side, Action<JsonObject> edit)
    {
        var config = System.IO.Path.Combine(dataDirectory, side + ".json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!.AsObject();
        edit(json);
        await File.WriteAllTextAsync(config, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// The first batch's whole way, as the people involved run it: cut onto media, imported, approved by alice and bob,
    /// published.
    /// </summary>
    public async Task ShipFirstBatchAsync()
    {
        var media = Path("media");
        await Low.SucceedAsync("batch", "cut", "--media", media, "--volume-size", "100MB");
        await High.SucceedAsync("import", media);
        await High.SucceedAsync("approve", "site-a-000001", "--officer", "alice", "--key", OfficerKey("alice"));
        await High.SucceedAsync("approve", "site-a-000001", "--officer", "bob", "--key", OfficerKey("bob"));
        await High.SucceedAsync("publish", "site-a-000001");
    }

    public static async Task<PipelineSites> CreateAsync(UpstreamServers upstream)
    {
        var sites = new PipelineSites(upstream);
        await sites.Low.SucceedAsync("init", "--site", "site-a", "--no-password");
        await sites.High.SucceedAsync("init", "--site", "high-a", "--registry", upstream.Mirror.BaseUri.ToString().TrimEnd('/'),
            "--files", sites.FileMirror, "--charts", sites.ChartMirror, "--debian", sites.DebianMirror,
            "--pypi", sites.PyPIMirror, "--no-password");
        await sites.High.SucceedAsync("trust", "add", "--site", "site-a", "--key", System.IO.Path.Combine(sites.LowData, "keys", "site.pub"));
        await OfficerCeremony.FoundAsync(sites.High, sites._root.Path, "alice", "bob");

        return sites;
    }

    public void Dispose() => _root.Dispose();
}
