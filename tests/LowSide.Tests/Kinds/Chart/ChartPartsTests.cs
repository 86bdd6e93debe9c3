using System.Security.Cryptography;
using System.Text;
using Dapper;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Kinds.Chart;

/// <summary>
/// The images a chart needs are gathered as parts of its request, against a real registry and chart repository: a part
/// that cannot be gathered fails the chart, a gather repeated after a crash files no part twice, a part added later holds
/// the chart out of batches until it is gathered, a chart stored in a registry (<c>oci://</c>) is read the same way, and a
/// cut of a chart with its images that crashed between its volumes' signatures is completed.
/// </summary>
[TestFixture]
internal sealed class ChartPartsTests
{
    private static string Repository => SharedServers.Files.Prefix + "parts/";

    private static string ChartRepository(string name) => Repository + name + "/";

    [Test]
    public async Task Gather_ChartNamingAnImageTheRegistryDoesNotHave_ChartFailsNamingTheImage()
    {
        var missing = $"{SharedServers.Registry.Host}/library/absent:9.9";
        PublishChart("broken", "1.0.0", $"image: {missing}\n");
        await using var site = await TestSite.CreateAsync(SharedServers.Registry.Host, Repository);

        var chart = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Chart(ChartRepository("broken"), "broken", "1.0.0"));

        Assert.That(chart.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(chart.Failure, Does.Contain(missing).And.Contain("values.yaml"));
        Assert.That(await (await site.GetAsync<BatchRepository>()).CountWaitingAsync(CancellationToken.None), Is.Zero);
    }

    [Test]
    public async Task Gather_ChartNamingAnImageUnderAnotherImagesSignatureTag_ChartFailsAndNothingFiled()
    {
        // Shipped, the tag would replace another image's cosign signature on the mirror, and the high side refuses the batch.
        var tagged = $"{SharedServers.Registry.Host}/library/app:sha256-{new string('c', 64)}.sig";
        PublishChart("squatter", "1.0.0", $"image: {tagged}\n");
        await using var site = await TestSite.CreateAsync(SharedServers.Registry.Host, Repository);

        var chart = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Chart(ChartRepository("squatter"), "squatter", "1.0.0"));

        Assert.That(chart.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(chart.Failure, Does.Contain(tagged).And.Contain("belong to other images' signatures"));
        Assert.That(await (await site.GetAsync<RequestRepository>()).ListPartsAsync(chart.Id, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Gather_ChartGatheredAgainAfterACrash_FilesEachImageOnce()
    {
        PublishChart("twice", "1.0.0", $"image: {SharedServers.AppV1.Reference}\n");
        await using var site = await TestSite.CreateAsync(SharedServers.Registry.Host, Repository);
        var chart = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Chart(ChartRepository("twice"), "twice", "1.0.0"));
        var repository = await site.GetAsync<RequestRepository>();
        // As if the process died after the parts were filed but before the chart was marked gathered.
        await repository.TransitionAsync(chart.Id, [RequestStatus.Gathered], RequestStatus.Gathering, null, CancellationToken.None);

        var again = await (await site.GetAsync<GatherService>()).GatherAsync(chart.Id, CancellationToken.None);

        Assert.That(again.Value!.Status, Is.EqualTo(RequestStatus.Gathered), again.Value.Failure);
        var parts = await repository.ListPartsAsync(chart.Id, CancellationToken.None);
        Assert.That(parts.Select(p => p.Source), Is.EqualTo(new[] { SharedServers.AppV1.Reference.ToString() }));
        Assert.That(parts[0].Status, Is.EqualTo(RequestStatus.Gathered));
    }

    [Test]
    public async Task AddImage_AfterTheChartWasGathered_HoldsTheChartOutOfBatchesUntilTheImageIsGathered()
    {
        PublishChart("grows", "1.0.0", $"image: {SharedServers.AppV1.Reference}\n");
        await using var site = await TestSite.CreateAsync(SharedServers.Registry.Host, Repository);
        var chart = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Chart(ChartRepository("grows"), "grows", "1.0.0"));
        var batches = await site.GetAsync<BatchRepository>();
        Assert.That(await batches.CountWaitingAsync(CancellationToken.None), Is.EqualTo(1));

        var added = await (await site.GetAsync<RequestPartService>()).ChangeImagesAsync(
            chart.Id, new RequestImagesChange([SharedServers.AppV2.Reference.ToString()], null), TestCallers.Requester("carol"), CancellationToken.None);

        Assert.That(added.IsOk, Is.True, added.Error?.Message);
        Assert.That(added.Value!.Single(p => p.Reference == SharedServers.AppV2.Reference.ToString()).Origin, Does.Contain("added by"));
        Assert.That(await batches.CountWaitingAsync(CancellationToken.None), Is.Zero, "the added image is not gathered yet");
        await (await site.GetAsync<GatherService>()).GatherPendingAsync(CancellationToken.None);
        Assert.That(await batches.CountWaitingAsync(CancellationToken.None), Is.EqualTo(1));
    }

    [Test]
    public async Task AddImage_WhileACutIsTakingTheChart_RefusedBeingCutAndNoPartFiledThatWouldNeverShip()
    {
        PublishChart("racing", "1.0.0", $"image: {SharedServers.AppV1.Reference}\n");
        await using var site = await TestSite.CreateAsync(SharedServers.Registry.Host, Repository);
        var chart = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Chart(ChartRepository("racing"), "racing", "1.0.0"));
        await using var cut = await CutInProgress.TakeAsync(site, chart.Id);
        var parts = await site.GetAsync<RequestPartService>();
        var added = SharedServers.AppV2.Reference.ToString();

        var outcome = await cut.CommitWhileAsync(() =>
            parts.ChangeImagesAsync(chart.Id, new RequestImagesChange([added], null), TestCallers.Requester("carol"), CancellationToken.None));

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.Conflict), "the cut came first");
        Assert.That(outcome.Error!.Message, Does.Contain(CutInProgress.BatchId).And.Contain("can no longer be changed"));
        var filed = await (await site.GetAsync<RequestRepository>()).ListPartsAsync(chart.Id, CancellationToken.None);
        Assert.That(filed.Select(p => p.Source), Does.Not.Contain(added));
    }

    [Test]
    public async Task AddImage_FromASourceNotAllowed_SourceNotAllowed()
    {
        PublishChart("strict", "1.0.0", $"image: {SharedServers.AppV1.Reference}\n");
        await using var site = await TestSite.CreateAsync(SharedServers.Registry.Host, Repository);
        var chart = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Chart(ChartRepository("strict"), "strict", "1.0.0"));

        var added = await (await site.GetAsync<RequestPartService>()).ChangeImagesAsync(
            chart.Id, new RequestImagesChange(["elsewhere.example:5000/tools/curl:8"], null), TestCallers.Requester("carol"), CancellationToken.None);

        Assert.That(added.Error?.Code, Is.EqualTo(LowSideReasons.SourceNotAllowed), added.Error?.Message);
    }

    [Test]
    public async Task Gather_ChartFromAnOciRegistry_StoresTheChartArchiveAndItsImages()
    {
        var archive = ChartArchive("ocichart", "0.2.0", $"image: {SharedServers.AppV1.Reference}\n");
        await PushChartAsync("charts/ocichart", "0.2.0", archive);
        await using var site = await TestSite.CreateAsync(SharedServers.Registry.Host);

        var chart = await TestRequests.SubmitAndGatherAsync(site,
            TestRequests.Chart($"oci://{SharedServers.Registry.Host}/charts", "ocichart", "0.2.0"));

        Assert.That(chart.Status, Is.EqualTo(RequestStatus.Gathered), chart.Failure);
        Assert.That(chart.ResolvedDigest, Is.EqualTo("sha256:" + Convert.ToHexStringLower(SHA256.HashData(archive))));
        var parts = await (await site.GetAsync<RequestRepository>()).ListPartsAsync(chart.Id, CancellationToken.None);
        Assert.That(parts.Single().Status, Is.EqualTo(RequestStatus.Gathered));
    }

    [Test]
    public async Task Cut_ChartWithAnImageCrashedBetweenSignatures_CompletedAndShippedOnce()
    {
        PublishChart("resumed", "1.0.0", $"image: {SharedServers.AppV1.Reference}\n");
        await using var site = await TestSite.CreateAsync(SharedServers.Registry.Host, Repository);
        // Volumes small enough for several, so that the crash can fall between their signatures.
        site.Configure(json =>
        {
            json["Batches"]!["VolumeSize"] = "1MiB";
            json["Batches"]!["ChunkSize"] = "256KiB";
        });
        var chart = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Chart(ChartRepository("resumed"), "resumed", "1.0.0"));
        var cut = await site.GetAsync<BatchCutService>();
        var first = (await cut.CutAsync(site.Media, null, CancellationToken.None)).Value!;
        // As if the process died after the first volume's signature and before the batch was recorded as shipped.
        await using (var connection = await (await site.GetAsync<Database>()).OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE batches SET status = 'cutting' WHERE id = @Id", new { first.Id });
            await connection.ExecuteAsync("UPDATE requests SET status = 'gathered' WHERE status = 'shipped'");
        }

        var volumes = Directory.GetDirectories(site.Media).Order(StringComparer.Ordinal).ToList();
        Assert.That(volumes, Has.Count.GreaterThan(1));
        var volume = volumes[^1];
        File.Delete(Path.Combine(volume, BatchFileNames.Signature));

        var resumed = await cut.CutAsync(site.Media, null, CancellationToken.None);

        Assert.That(resumed.IsOk, Is.True, resumed.Error?.Message);
        Assert.That(resumed.Value!.Id, Is.EqualTo(first.Id));
        Assert.That(resumed.Value.Status, Is.EqualTo(BatchStatus.Shipped));
        Assert.That(resumed.Value.RequestIds, Has.Count.EqualTo(2), "the chart and its image");
        Assert.That(File.Exists(Path.Combine(volume, BatchFileNames.Signature)), Is.True);
        var parts = await (await site.GetAsync<RequestRepository>()).ListPartsAsync(chart.Id, CancellationToken.None);
        Assert.That(parts.Single().Status, Is.EqualTo(RequestStatus.Shipped));
    }

    private static void PublishChart(string name, string version, string values)
    {
        var archive = ChartArchive(name, version, values);
        SharedServers.Files.Write($"parts/{name}/{name}-{version}.tgz", archive);
        SharedServers.Files.Write($"parts/{name}/index.yaml", Encoding.UTF8.GetBytes($"""
            apiVersion: v1
            entries:
              {name}:
              - name: {name}
                version: {version}
                digest: {Convert.ToHexStringLower(SHA256.HashData(archive))}
                urls:
                - {name}-{version}.tgz

            """));
    }

    private static byte[] ChartArchive(string name, string version, string values) =>
        new TestChart(name, version).File("values.yaml", values).ToArchive();

    // As `helm push` stores a chart: Helm's config and the archive as the one layer.
    private static async Task PushChartAsync(string repository, string version, byte[] archive)
    {
        using var http = new HttpClient();
        var client = TestRegistryClients.Create(http, [SharedServers.Registry.Host]);
        var registry = SharedServers.Registry.Host;
        var config = "{}"u8.ToArray();
        foreach (var blob in new[] { config, archive })
        {
            await client.UploadBlobAsync(registry, repository, Digest.Compute(blob), blob.Length, () => new MemoryStream(blob));
        }

        const string configType = "application/vnd.cncf.helm.config.v1+json";
        const string chartType = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
        var manifest = $$"""
            {"schemaVersion":2,"mediaType":"{{OciMediaTypes.ImageManifest}}",
             "config":{"mediaType":"{{configType}}","digest":"{{Digest.Compute(config).Value}}","size":{{config.Length}}},
             "layers":[{"mediaType":"{{chartType}}","digest":"{{Digest.Compute(archive).Value}}","size":{{archive.Length}}}]}
            """;
        await client.PutManifestAsync(registry, repository, version, OciMediaTypes.ImageManifest, Encoding.UTF8.GetBytes(manifest));
    }
}
