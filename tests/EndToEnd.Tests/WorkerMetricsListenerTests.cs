using System.Globalization;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>
/// A `serve --role worker` process listens nowhere, so its counters would go unseen; with Metrics:Urls it listens there for
/// /metrics and /health only (the real lowside).
/// </summary>
[TestFixture]
internal sealed class WorkerMetricsListenerTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Serve_WorkerRoleWithMetricsUrls_ServesMetricsAndHealthAndNothingElse(CancellationToken ct)
    {
        using var temp = new TempDirectory("worker-metrics");
        var baseUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}/"));
        var lowside = ProductExecutable.LowSide(new Dictionary<string, string> { ["LOWSIDE__Metrics__Urls"] = baseUri.ToString().TrimEnd('/') })
            .WithData(temp.Combine("data"));
        await lowside.SucceedAsync("init", "--site", "site-a", "--no-password");

        await using var worker = lowside.StartDaemon("serve", "--role", "worker");
        await worker.WaitForHttpAsync(new Uri(baseUri, "health"), TimeSpan.FromSeconds(30), ct);
        using var http = new HttpClient { BaseAddress = baseUri };
        var metrics = await PrometheusScrape.GetAsync(http, baseUri, ct);
        var statuses = new Dictionary<string, int>();
        foreach (var path in new[] { "api/requests", "requests", "", "signin" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
            statuses[path] = (int)response.StatusCode;
        }

        Assert.That(metrics.Value("transferpipeline_workers", "state=live"), Is.EqualTo(1), metrics.Text);
        Assert.That(metrics.Names, Does.Contain("transferpipeline_batches_cut_total"), "the worker's own counters");
        Assert.That(statuses.Values, Is.All.EqualTo(404), string.Join(", ", statuses));
        Assert.That(await worker.StopAsync(), Is.Zero, worker.Output);
    }
}
