using System.Text.Json;
using System.Text.RegularExpressions;
using TransferPipeline.Shared.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>
/// Issue #19 item 4: after the daemons' end-to-end flow, /metrics of both daemons over HTTP holds what the flow implies. The
/// gauges come from the database, so they count the whole flow; the counters are the restarted processes' own (each daemon
/// was killed once), so they count what was done after the restart. One refusal is provoked on each side first. The deploy/
/// alert rules and dashboard name only metrics these scrapes hold.
/// </summary>
internal static partial class PipelineMetricsChecks
{
    private const double RecentSeconds = 300;

    public static async Task AssertAfterFlowAsync(LowSideSite low, HighSideSite high, IReadOnlyList<LowSideBatch> shipped, KillPoint atKill,
        string officerKey, Func<string> diagnostics, CancellationToken ct)
    {
        var lowReason = await ProvokeRequestRefusalAsync(low, ct);
        var (approvalStatus, approvalBody) = await high.ApproveAsync(shipped[0].Id, officerKey, ct);
        Assert.That(approvalStatus, Is.EqualTo(409), approvalBody);
        Assert.That(approvalBody, Does.Contain("batch-not-awaiting-approval"));

        using var http = new HttpClient();
        var lowMetrics = await PrometheusScrape.GetAsync(http, low.Http.BaseAddress!, ct);
        var highMetrics = await PrometheusScrape.GetAsync(http, high.BaseUri, ct);
        TestContext.Out.WriteLine($"lowside /metrics:\n{lowMetrics.Text}\nhighside /metrics:\n{highMetrics.Text}");

        AssertLowSide(lowMetrics, shipped, atKill, lowReason, diagnostics);
        AssertHighSide(highMetrics, shipped, diagnostics);
        AssertDeployFilesNameScrapedMetrics(lowMetrics.Names.Union(highMetrics.Names).ToHashSet(StringComparer.Ordinal));
    }

    private static async Task<string> ProvokeRequestRefusalAsync(LowSideSite low, CancellationToken ct)
    {
        var (status, body) = await low.TrySubmitAsync("carol", new
        {
            kind = "file",
            source = "http://not-allowed.invalid/tool.bin",
            sha256 = new string('0', 64),
            justification = "a source the site does not allow",
        }, ct);
        Assert.That(status, Is.InRange(400, 499), body);
        var reason = JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString();
        Assert.That(reason, Is.EqualTo("source-not-allowed"), body);
        return reason!;
    }

    private static void AssertLowSide(PrometheusScrape metrics, IReadOnlyList<LowSideBatch> shipped, KillPoint atKill, string reason,
        Func<string> diagnostics)
    {
        var shippedBeforeKill = atKill.ShippedBatches;
        var cutAfterRestart = shipped.Count - shippedBeforeKill;
        Assert.Multiple(() =>
        {
            Assert.That(metrics.Value("transferpipeline_requests", "state=shipped"), Is.EqualTo(shipped.Sum(b => b.RequestIds.Count)), diagnostics);
            Assert.That(metrics.Value("transferpipeline_requests", "state=failed"), Is.Zero);
            Assert.That(metrics.Value("transferpipeline_queue_depth", "queue=gather"), Is.Zero);
            Assert.That(metrics.Value("transferpipeline_queue_depth", "queue=cut"), Is.Zero);
            Assert.That(metrics.Value("transferpipeline_batches", "state=shipped"), Is.EqualTo(shipped.Count));
            Assert.That(metrics.Value("transferpipeline_last_success_age_seconds", "step=cut"), Is.InRange(0, RecentSeconds));
            AssertWorkers(metrics);
            Assert.That(cutAfterRestart, Is.Positive, "the restarted daemon cut Dave's batch");
            Assert.That(metrics.Value("transferpipeline_batches_cut_total"), Is.EqualTo(cutAfterRestart), diagnostics);
            Assert.That(metrics.Value("transferpipeline_batch_size_bytes_count", "step=cut"), Is.EqualTo(cutAfterRestart));
            Assert.That(metrics.Value("transferpipeline_batch_size_bytes_sum", "step=cut"),
                Is.EqualTo(shipped.Skip(shippedBeforeKill).Sum(b => b.PayloadBytes)), "the payload bytes of the batches cut after the restart");
            Assert.That(metrics.Value("transferpipeline_step_duration_seconds_count", "step=cut"), Is.GreaterThanOrEqualTo(cutAfterRestart));
            Assert.That(metrics.Value("transferpipeline_requests_gathered_total"), Is.EqualTo(atKill.RequestsToGather),
                "the requests not yet gathered at the kill were gathered after the restart");
            Assert.That(metrics.Value("transferpipeline_gathered_bytes_total"), atKill.RequestsToGather > 0 ? Is.Positive : Is.Zero);
            Assert.That(metrics.Value("transferpipeline_refusals_total", "event=request.refused", $"reason={reason}"), Is.EqualTo(1));
            Assert.That(metrics.Value("transferpipeline_refusals_total"), Is.EqualTo(1), "no other refusal");
        });
    }

    private static void AssertHighSide(PrometheusScrape metrics, IReadOnlyList<LowSideBatch> shipped, Func<string> diagnostics)
    {
        var payload = shipped.Sum(b => b.PayloadBytes ?? 0);
        Assert.Multiple(() =>
        {
            Assert.That(payload, Is.Positive);
            Assert.That(metrics.Value("transferpipeline_batches", "state=published"), Is.EqualTo(shipped.Count), diagnostics);
            Assert.That(metrics.Value("transferpipeline_batches", "state=refused"), Is.Zero);
            Assert.That(metrics.Value("transferpipeline_approvals_pending"), Is.Zero);
            Assert.That(metrics.Value("transferpipeline_approvals_pending_oldest_age_seconds"), Is.Zero);
            foreach (var queue in new[] { "assemble", "scan", "approval", "publish" })
            {
                Assert.That(metrics.Value("transferpipeline_queue_depth", $"queue={queue}"), Is.Zero, queue);
            }

            Assert.That(metrics.Value("transferpipeline_last_success_age_seconds", "step=import"), Is.InRange(0, RecentSeconds));
            Assert.That(metrics.Value("transferpipeline_last_success_age_seconds", "step=publish"), Is.InRange(0, RecentSeconds));
            AssertWorkers(metrics);
            // Every batch was approved, so published, by the restarted daemon: its counters hold the whole publish.
            Assert.That(metrics.Value("transferpipeline_batches_published_total"), Is.EqualTo(shipped.Count), diagnostics);
            Assert.That(metrics.Value("transferpipeline_published_bytes_total"), Is.EqualTo(payload), "the bytes the low side cut are the bytes published");
            Assert.That(metrics.Value("transferpipeline_batch_size_bytes_sum", "step=publish"), Is.EqualTo(payload));
            Assert.That(metrics.Value("transferpipeline_step_duration_seconds_count", "step=publish"), Is.EqualTo(shipped.Count));
            // The killed daemon may have imported every volume before it died: the restarted one then imported none.
            var imported = metrics.Value("transferpipeline_volumes_imported_total");
            Assert.That(imported, Is.Not.Null.And.InRange(0, shipped.Sum(b => b.VolumeCount ?? 0)));
            Assert.That(metrics.Value("transferpipeline_step_duration_seconds_count", "step=import") ?? 0, Is.GreaterThanOrEqualTo(imported ?? 0));
            Assert.That(metrics.Value("transferpipeline_step_duration_seconds_count", "step=verify") ?? 0, Is.GreaterThanOrEqualTo(imported ?? 0));
            Assert.That(metrics.Value("transferpipeline_scan_findings_total", "kind=malware"), Is.Zero);
            Assert.That(metrics.Value("transferpipeline_refusals_total", "event=approval.refused", "reason=batch-not-awaiting-approval"),
                Is.EqualTo(1));
        });
    }

    // The killed process's row stays in the workers table, live until its heartbeat is older than Workers:StaleAfter.
    private static void AssertWorkers(PrometheusScrape metrics)
    {
        Assert.That(metrics.Value("transferpipeline_workers", "state=live"), Is.InRange(1, 2));
        Assert.That(metrics.Value("transferpipeline_workers"), Is.EqualTo(2), "the killed daemon and its successor");
    }

    /// <summary>The alert rules parse as Prometheus rule groups and, like the dashboard, name only metrics a real scrape holds.</summary>
    private static void AssertDeployFilesNameScrapedMetrics(HashSet<string> scraped)
    {
        var rulesFile = RepositoryFiles.Find("deploy/prometheus/transferpipeline-alerts.yml");
        var dashboardFile = RepositoryFiles.Find("deploy/grafana/transferpipeline-dashboard.json");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(rulesFile))
        {
            yaml.Load(reader);
        }

        var groups = (YamlSequenceNode)((YamlMappingNode)yaml.Documents.Single().RootNode)["groups"];
        var rules = groups.Cast<YamlMappingNode>().SelectMany(g => (YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>().ToList();
        Assert.That(rules, Has.Count.GreaterThanOrEqualTo(5));
        foreach (var rule in rules)
        {
            Assert.That(rule.Children.Keys.Select(k => k.ToString()), Is.SupersetOf(new[] { "alert", "expr", "labels", "annotations" }), rule.ToString());
        }

        using var dashboard = JsonDocument.Parse(File.ReadAllText(dashboardFile));
        var expressions = rules.Select(r => r["expr"].ToString())
            .Concat(dashboard.RootElement.GetProperty("panels").EnumerateArray()
                .Where(p => p.TryGetProperty("targets", out _))
                .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!)))
            .ToList();
        var named = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.That(named, Has.Count.GreaterThanOrEqualTo(10));
        Assert.That(named.Where(n => !scraped.Contains(n)), Is.Empty, "metrics the deploy/ files name that no daemon exports");
    }

    [GeneratedRegex("transferpipeline_[a-z_]+")]
    private static partial Regex MetricName();
}
