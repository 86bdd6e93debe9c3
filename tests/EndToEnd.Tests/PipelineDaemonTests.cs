using System.Security.Cryptography;
using TransferPipeline.EndToEnd.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>
/// Issue #5 part 3: the whole flow driven through the two daemons, as in production. Requests go in
/// through the low side's HTTP API, its Quartz schedule cuts small volumes onto "media", the volumes are
/// carried into the high side's drop folder, two officers approve over HTTP and the high side's
/// schedule publishes. Each daemon is SIGKILLed once mid-work and restarted; the flow still completes,
/// every request exactly once, and the mirrors serve what the sources serve, byte for byte.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class PipelineDaemonTests
{
    private const string LowSiteId = "site-a";
    private const string EveryTwoSeconds = "0/2 * * * * ?";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    [CancelAfter(120_000)]
    public async Task Daemons_EachKilledOnceMidWork_EveryRequestPublishedOnceAndMirrorsMatchSources(CancellationToken ct)
    {
        await using var upstream = await UpstreamServers.StartAsync();
        using var temp = new TempDirectory("e2e-daemons");
        await using var daemons = new DaemonRuns();
        var sources = await PublishSourcesAsync(upstream, ct);
        var web = upstream.Web.BaseUri.ToString();
        using var low = await LowSideSite.InitAsync(temp.Combine("low"), LowSiteId, [upstream.Source.Host, web + "files/", web + "charts/"],
            upstream.Source.Host, EveryTwoSeconds, volumeSize: "1MiB", chunkSize: "256KiB");
        using var high = await HighSideSite.InitAsync(temp.Combine("high"), "high-a", upstream.Mirror.BaseUri, EveryTwoSeconds);
        await high.TrustAsync(LowSiteId, low.PublicKeyFile);
        var officers = await high.FoundOfficersAsync("alice", "bob");

        var (shipped, atKill) = await RequestGatherAndCutAsync(low, sources, daemons, ct);
        await CarryAndImportAsync(low, high, shipped, daemons, ct);
        await ApproveAllAsync(high, shipped, officers, daemons.Describe, ct);
        var published = await Eventually.GetAsync(() => high.BatchesAsync(ct), b => b.All(x => x.State is "published" or "refused" or "rejected"),
            Patience, "the publish schedule to publish every batch", daemons.Describe, ct: ct);

        Assert.That(published.Select(b => b.State), Is.All.EqualTo("published"), () => string.Join("; ", published) + daemons.Describe());
        Assert.That(published.Select(b => b.Id), Is.EquivalentTo(shipped.Select(b => b.Id)), "one high-side batch per shipped low-side batch");
        await AssertMirrorsMatchSourcesAsync(upstream, high, sources, daemons.Describe, ct);
        await AssertAuditAsync(high, daemons.Describe);
        await PipelineMetricsChecks.AssertAfterFlowAsync(low, high, shipped, atKill, officers[0], daemons.Describe, ct);
        AssertNoLeftovers(low, high, upstream);
    }

    private static async Task<Sources> PublishSourcesAsync(UpstreamServers upstream, CancellationToken ct)
    {
        var app = await TestImages.PushMultiArchAsync(upstream.Source.Host, "demo/app", "1.0", ct);
        var tools = await TestImages.PushImageAsync(upstream.Source.Host, "demo/tools", "1.0",
            [TestLayer.SharedBase, TestLayer.RandomBytes("usr/bin/tools", 1_500_000, seed: 7)], ct: ct);
        var (fileUrl, fileSha256) = await upstream.PublishFileAsync("firmware.bin", 3_000_000, seed: 3);
        var chartRepository = await upstream.PublishChartAsync("demo-chart", "0.3.0");
        return new Sources(app, tools, fileUrl, fileSha256, chartRepository);
    }

    /// <summary>
    /// Two requesters file four requests over HTTP. Carol's two images are gathered and cut by the
    /// schedule first; the daemon is killed right after Dave's file and chart were accepted (gathering is
    /// under way) and restarted; its schedule then cuts the next batch. So there are always at least two
    /// batches, and the second one is cut by a daemon that recovered from a crash.
    /// </summary>
    private static async Task<(IReadOnlyList<LowSideBatch> Batches, KillPoint AtKill)> RequestGatherAndCutAsync(LowSideSite low,
        Sources sources, DaemonRuns daemons, CancellationToken ct)
    {
        var first = await low.StartAsync(daemons, StartTimeout, ct);
        string[] carols =
        [
            await low.SubmitAsync("carol", new { kind = "image", source = sources.App.Reference.ToString(),
                justification = "ward monitors", ticket = "CHG-1001" }, ct),
            await low.SubmitAsync("carol", new { kind = "image", source = sources.Tools.Reference.ToString(), justification = "diagnostics" }, ct),
        ];
        await WaitUntilAllFinishedAsync(low, daemons, "Carol's requests to be shipped by the scheduled cut", ct);
        string[] ids =
        [
            .. carols,
            await low.SubmitAsync("dave", new { kind = "file", source = sources.FileUrl, sha256 = sources.FileSha256,
                justification = "pump firmware" }, ct),
            await low.SubmitAsync("dave", new { kind = "chart", source = sources.ChartRepository, name = "demo-chart", version = "0.3.0",
                justification = "monitoring" }, ct),
        ];
        await first.KillAsync();
        var atKill = await low.Cli.RunAsync("request", "list", "--json");
        TestContext.Out.WriteLine($"lowside killed after the requests were accepted; requests then: {atKill.StandardOutput}");
        var batchesAtKill = await low.Cli.RunAsync("batch", "list", "--json");
        var shippedBeforeKill = System.Text.RegularExpressions.Regex.Count(batchesAtKill.StandardOutput, "\"status\": ?\"shipped\"");
        // Dave's small file and chart may already be gathered when the kill lands; the rest is gathered after the restart.
        var gatherAfterRestart = System.Text.RegularExpressions.Regex.Count(atKill.StandardOutput, "\"status\": ?\"(submitted|gathering)\"");

        await low.StartAsync(daemons, StartTimeout, ct);
        var requests = await WaitUntilAllFinishedAsync(low, daemons, "every request to be gathered and shipped by the scheduled cut", ct);
        var batches = (await low.BatchesAsync(ct)).OrderBy(b => b.Sequence).ToList();
        var cli = await low.Cli.RunAsync("request", "list", "--json");

        Assert.That(requests.Select(r => r.Status), Is.All.EqualTo("shipped"), () => string.Join("; ", requests) + daemons.Describe());
        Assert.That(requests.Select(r => r.Id), Is.EquivalentTo(ids));
        Assert.That(cli.ExitCode, Is.Zero, cli.ToString());
        Assert.That(System.Text.RegularExpressions.Regex.Count(cli.StandardOutput, "\"status\": ?\"shipped\""), Is.EqualTo(ids.Length), cli.StandardOutput);
        Assert.That(batches.Select(b => b.Status), Is.All.EqualTo("shipped"), () => string.Join("; ", batches) + daemons.Describe());
        Assert.That(batches, Has.Count.GreaterThanOrEqualTo(2), "Carol's batch, then Dave's");
        Assert.That(batches.Select(b => b.Sequence), Is.EqualTo(Enumerable.Range(1, batches.Count).Select(i => (long)i)),
            "one batch per sequence, none skipped");
        Assert.That(batches.SelectMany(b => b.RequestIds), Is.EquivalentTo(ids), "every request in exactly one batch");
        Assert.That(batches.Max(b => b.VolumeCount), Is.GreaterThanOrEqualTo(2), "the small volume size forces a multi-volume batch");
        foreach (var batch in batches)
        {
            Assert.That(low.VolumesOf(batch.Id), Has.Count.EqualTo(batch.VolumeCount), $"volumes of {batch.Id} on the media");
        }

        Assert.That(Directory.GetDirectories(low.Media), Has.Length.EqualTo(batches.Sum(b => b.VolumeCount)), "nothing else on the media");
        TestContext.Out.WriteLine(
            $"low side shipped: {string.Join("; ", batches)}; {shippedBeforeKill} before the kill, {gatherAfterRestart} request(s) gathered after it");
        return (batches, new KillPoint(shippedBeforeKill, gatherAfterRestart));
    }

    private static Task<IReadOnlyList<LowSideRequest>> WaitUntilAllFinishedAsync(LowSideSite low, DaemonRuns daemons, string what, CancellationToken ct) =>
        Eventually.GetAsync(() => low.RequestsAsync(ct), r => r.All(x => x.Status is "shipped" or "failed" or "cancelled"), Patience, what,
            daemons.Describe, ct: ct);

    /// <summary>
    /// Carries every volume into the drop folder, batch by batch in sequence order (each volume copied
    /// next to the drop folder and renamed in, so the watcher never sees half a stick), kills the high
    /// side as soon as the first volume is on record, restarts it, and waits for the verified batches.
    /// </summary>
    private static async Task CarryAndImportAsync(LowSideSite low, HighSideSite high, IReadOnlyList<LowSideBatch> shipped,
        DaemonRuns daemons, CancellationToken ct)
    {
        var first = await high.StartAsync(daemons, StartTimeout, ct);
        var staging = Path.Combine(high.Root, "carrying");
        foreach (var volume in shipped.SelectMany(b => low.VolumesOf(b.Id)))
        {
            var copy = Path.Combine(staging, Path.GetFileName(volume));
            DirectoryCopy.Recursive(volume, copy);
            Directory.Move(copy, Path.Combine(high.DropFolder, Path.GetFileName(volume)));
        }

        // Killed as soon as the first volume is on record: the batch is assembling, later volumes are
        // being copied or still waiting in the drop folder.
        await Eventually.GetAsync(() => high.BatchesAsync(ct), b => b.Count > 0, Patience, "the import to begin", daemons.Describe,
            TimeSpan.FromMilliseconds(10), ct);
        await first.KillAsync();
        var atKill = await high.Cli.RunAsync("batch", "list", "--json");
        TestContext.Out.WriteLine($"highside killed once the import began; batches then: {atKill.StandardOutput}");

        await high.StartAsync(daemons, StartTimeout, ct);
        var imported = await Eventually.GetAsync(() => high.BatchesAsync(ct),
            b => (b.Count == shipped.Count && b.All(x => x.State == "awaiting-approval")) || b.Any(x => x.State == "refused"),
            Patience, "every carried batch to be imported and verified", daemons.Describe, ct: ct);
        Assert.That(imported.Select(b => b.State), Is.All.EqualTo("awaiting-approval"), () => string.Join("; ", imported) + daemons.Describe());
    }

    private static async Task ApproveAllAsync(HighSideSite high, IReadOnlyList<LowSideBatch> shipped, IReadOnlyList<string> officers, Func<string> diagnostics,
        CancellationToken ct)
    {
        foreach (var batch in shipped)
        {
            foreach (var officer in officers)
            {
                var (status, body) = await high.ApproveAsync(batch.Id, officer, ct);
                Assert.That(status, Is.EqualTo(200), () => $"approval of {batch.Id} with {Path.GetFileName(officer)}: {body}{diagnostics()}");
            }
        }
    }

    private static async Task AssertMirrorsMatchSourcesAsync(UpstreamServers upstream, HighSideSite high, Sources sources, Func<string> diagnostics,
        CancellationToken ct)
    {
        string[] references =
        [
            "demo/app:1.0",
            .. sources.App.Images.Select(i => "demo/app@" + i.ManifestDigest),
            "demo/tools:1.0",
        ];
        foreach (var reference in references)
        {
            var source = await Skopeo.InspectRawAsync($"{upstream.Source.Host}/{reference}", ct);
            var mirror = await Skopeo.InspectRawAsync($"{upstream.Mirror.Host}/{reference}", ct);
            Assert.That(mirror, Is.EqualTo(source), () => $"{reference} differs on the mirror{diagnostics()}");
        }

        var mirroredFile = Path.Combine(high.FilesMirror, "firmware.bin");
        Assert.That(File.Exists(mirroredFile), Is.True, diagnostics);
        Assert.That(await Sha256Async(mirroredFile, ct), Is.EqualTo(sources.FileSha256));

        using var http = new HttpClient();
        var chart = await http.GetByteArrayAsync(new Uri(sources.ChartRepository + "demo-chart-0.3.0.tgz"), ct);
        var chartSha256 = Convert.ToHexStringLower(SHA256.HashData(chart));
        var index = await File.ReadAllTextAsync(Path.Combine(high.ChartsMirror, "index.yaml"), ct);
        Assert.That(index, Does.Contain("demo-chart").And.Contain("0.3.0").And.Contain(chartSha256), index);
        Assert.That(await Sha256Async(Path.Combine(high.ChartsMirror, "demo-chart-0.3.0.tgz"), ct), Is.EqualTo(chartSha256));
    }

    private static async Task AssertAuditAsync(HighSideSite high, Func<string> diagnostics)
    {
        var verify = await high.Cli.RunAsync("audit", "verify");
        Assert.That(verify.ExitCode, Is.Zero, () => verify + diagnostics());
        Assert.That(verify.StandardOutput, Does.StartWith("OK"));

        var export = Path.Combine(high.Root, "audit-export.jsonl");
        await high.RunCheckedAsync("audit", "export", export);
        var published = File.ReadLines(export).Where(line => line.Contains("\"artifact.published\"", StringComparison.Ordinal)).ToList();
        Assert.That(published, Has.Count.EqualTo(Sources.ArtifactCount), () => "each artifact published exactly once:\n" + string.Join('\n', published));
    }

    private static void AssertNoLeftovers(LowSideSite low, HighSideSite high, UpstreamServers upstream)
    {
        Assert.That(Files(high.FilesMirror), Is.EquivalentTo(new[] { "firmware.bin" }), "the file mirror holds the file only");
        Assert.That(Files(high.ChartsMirror), Is.EquivalentTo(new[] { "demo-chart-0.3.0.tgz", "index.yaml" }),
            "the chart mirror holds the chart and its index only");
        Assert.That(Files(Path.Combine(low.Data, "store", "incoming")), Is.Empty, "no partial download on the low side");
        Assert.That(Files(high.Incoming).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)), Is.Empty, "no half-copied volume in quarantine");
        var uploads = Directory.EnumerateDirectories(upstream.Mirror.Directory, "_uploads", SearchOption.AllDirectories).SelectMany(Files);
        Assert.That(uploads, Is.Empty, "no unfinished blob upload in the mirror registry");
    }

    private static IEnumerable<string> Files(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f)).ToList()
            : [];

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private sealed record Sources(TestIndex App, TestImage Tools, string FileUrl, string FileSha256, string ChartRepository)
    {
        /// <summary>Two images, a file and a chart.</summary>
        public const int ArtifactCount = 4;
    }
}
