using TransferPipeline.EndToEnd.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>The real components the end-to-end flow needs start on 127.0.0.1, or the run fails saying which.</summary>
[TestFixture]
internal sealed class UpstreamServersTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task StartAsync_TwoRegistriesAndNginx_ServeOnLoopback()
    {
        await using var servers = await UpstreamServers.StartAsync();
        var (url, sha) = await servers.PublishFileAsync("tool.bin", 100_000, seed: 1);
        var chartRepository = await servers.PublishChartAsync("demo-chart", "1.2.3");

        using var client = new HttpClient();
        var file = await client.GetByteArrayAsync(new Uri(url));
        var index = await client.GetStringAsync(new Uri(chartRepository + "index.yaml"));
        var registries = await Task.WhenAll(
            client.GetAsync(new Uri(servers.Source.BaseUri, "v2/")),
            client.GetAsync(new Uri(servers.Mirror.BaseUri, "v2/")));

        Assert.That(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)), Is.EqualTo(sha));
        Assert.That(index, Does.Contain("demo-chart-1.2.3.tgz"));
        Assert.That(registries.Select(r => (int)r.StatusCode), Is.All.EqualTo(200));
        Assert.That(servers.Source.Host, Is.Not.EqualTo(servers.Mirror.Host));
    }
}
