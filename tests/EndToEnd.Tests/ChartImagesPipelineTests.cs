using System.Security.Cryptography;
using System.Text.Json;
using TransferPipeline.EndToEnd.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>
/// A chart request brings the images its chart needs, through the `lowside` and `highside` executables: found in the
/// chart's annotations, values.yaml and templates, shown to the requester with where each came from, one dropped by the
/// requester, the rest gathered, cut and published with the chart, which reaches the chart mirror byte-identical.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class ChartImagesPipelineTests : PipelineFixture
{
    [Test]
    [CancelAfter(240_000)]
    public async Task ChartRequest_ChartNamingImages_ImagesShippedAndPublishedWithTheChart()
    {
        var source = Upstream.Source.Host;
        var web = await TestImages.PushImageAsync(source, "demo/web", "2.0", [TestLayer.Textual("srv/index.html", "web 2.0\n")]);
        var sidecar = await TestImages.PushImageAsync(source, "demo/sidecar", "1.0", [TestLayer.Textual("bin/sidecar", "sidecar\n")]);
        await TestImages.PushImageAsync(source, "demo/init", "1.0", [TestLayer.Textual("bin/init", "init\n")]);
        var repository = await Upstream.PublishChartAsync("web-chart", "1.0.0", new Dictionary<string, string>
        {
            // The tag is left to the chart's appVersion, as most charts do.
            ["values.yaml"] = $"replicaCount: 1\nimage:\n  repository: {source}/demo/web\n  tag: \"\"\n",
            ["templates/deployment.yaml"] =
                $"kind: Deployment\nspec:\n  initContainers:\n  - image: {source}/demo/init:1.0\n"
                + "  containers:\n  - image: \"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}\"\n",
        }, $"appVersion: \"2.0\"\nannotations:\n  artifacthub.io/images: |\n    - name: sidecar\n      image: {source}/demo/sidecar:1.0\n");
        var low = Sites.Low;

        var id = (await low.SucceedAsync("request", "add", "chart", repository, "web-chart", "--version", "1.0.0",
            "--justification", "ward dashboard")).StandardOutput.Trim();
        await low.SucceedAsync("gather");

        var images = await ImagesAsync(id);
        Assert.That(images.Keys, Is.EquivalentTo(new[] { $"{source}/demo/web:2.0", $"{source}/demo/sidecar:1.0", $"{source}/demo/init:1.0" }));
        Assert.That(images.Values.Select(i => i.Status), Has.All.EqualTo("gathered"));
        Assert.That(images[$"{source}/demo/sidecar:1.0"].Origin, Does.Contain("artifacthub.io/images"));
        Assert.That(images[$"{source}/demo/web:2.0"].Origin, Does.Contain("values.yaml"));
        Assert.That(images[$"{source}/demo/init:1.0"].Origin, Does.Contain("templates/deployment.yaml"));
        var listed = (await low.SucceedAsync("request", "list")).StandardOutput;
        Assert.That(listed, Does.Not.Contain("demo/web"), "the chart's images are parts of its request, not requests of their own");

        // The requester does not want the init container's image shipped.
        var dropped = await low.SucceedAsync("request", "images", id, "--drop", $"{source}/demo/init:1.0");
        Assert.That(dropped.StandardOutput, Does.Contain($"{source}/demo/init:1.0  cancelled"));

        await Sites.ShipFirstBatchAsync();

        Assert.That(await Skopeo.InspectRawAsync($"{Upstream.Mirror.Host}/demo/web:2.0"), Is.EqualTo(web.ManifestBytes));
        Assert.That(await Skopeo.InspectRawAsync($"{Upstream.Mirror.Host}/demo/sidecar:1.0"), Is.EqualTo(sidecar.ManifestBytes));
        Assert.That(async () => await Skopeo.InspectRawAsync($"{Upstream.Mirror.Host}/demo/init:1.0"), Throws.Exception,
            "the dropped image was published");
        var upstreamChart = await File.ReadAllBytesAsync(Path.Combine(Upstream.ChartDirectory, "web-chart-1.0.0.tgz"));
        var publishedChart = await File.ReadAllBytesAsync(Path.Combine(Sites.ChartMirror, "web-chart-1.0.0.tgz"));
        Assert.That(SHA256.HashData(publishedChart), Is.EqualTo(SHA256.HashData(upstreamChart)), "the chart must be published byte-identical");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ChartRequest_ImageOnASourceNotAllowed_FailsNamingImageAndSourceAndShipsNothing()
    {
        var notAllowed = Upstream.Mirror.Host;
        await TestImages.PushImageAsync(Upstream.Source.Host, "demo/web", "2.0", [TestLayer.Textual("srv/index.html", "web\n")]);
        var repository = await Upstream.PublishChartAsync("stray-chart", "0.1.0", new Dictionary<string, string>
        {
            ["values.yaml"] = $"web:\n  image: {Upstream.Source.Host}/demo/web:2.0\ncache:\n  image: {notAllowed}/cache/redis:7\n",
        });
        var low = Sites.Low;

        var id = (await low.SucceedAsync("request", "add", "chart", repository, "stray-chart", "--version", "0.1.0",
            "--justification", "cache")).StandardOutput.Trim();
        var gather = await low.RunAsync("gather");
        Assert.That(gather.ExitCode, Is.EqualTo(1), gather.ToString());

        using var shown = JsonDocument.Parse((await low.SucceedAsync("request", "show", id)).StandardOutput);
        var request = shown.RootElement.GetProperty("request");
        Assert.That(request.GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(request.GetProperty("failureCode").GetString(), Is.EqualTo("source-not-allowed"));
        Assert.That(request.GetProperty("failure").GetString(), Does.Contain($"{notAllowed}/cache/redis:7").And.Contain(notAllowed));
        Assert.That(shown.RootElement.GetProperty("images").GetArrayLength(), Is.Zero, "no image of a refused chart is filed");
        var cut = await low.RunAsync("batch", "cut", "--media", Sites.Path("media"), "--volume-size", "100MB");
        Assert.That(cut.StandardError + cut.StandardOutput, Does.Contain("nothing"), cut.ToString());
    }

    private async Task<Dictionary<string, (string Status, string Origin)>> ImagesAsync(string id)
    {
        using var shown = JsonDocument.Parse((await Sites.Low.SucceedAsync("request", "show", id)).StandardOutput);
        return shown.RootElement.GetProperty("images").EnumerateArray().ToDictionary(
            i => i.GetProperty("reference").GetString()!,
            i => (i.GetProperty("status").GetString()!, i.GetProperty("origin").GetString()!));
    }
}
