using System.Text;
using Microsoft.Extensions.Options;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Progress;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Storage;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>
/// Downloads a chart archive, from an HTTP chart repository (found in its index.yaml and checked against the index digest) or
/// from an OCI registry (<c>oci://</c>, checked against the manifest's digest), then reads it for the images it needs: those
/// become parts of the same request, gathered with it (<see cref="ChartImageResolver"/>).
/// </summary>
internal sealed class ChartGatherer(
    HttpFileDownloader downloader, RegistryClientProvider clients, RegistryBlobFetcher fetcher, ContentStore store,
    IOptions<GatheringOptions> options, ILogger<ChartGatherer> logger) : IArtifactGatherer
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public async Task<GatheredArtifact> GatherAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct)
    {
        var chart = OciChartSource.IsOci(request.Source)
            ? await FromRegistryAsync(request, progress, ct)
            : await FromRepositoryAsync(request, progress, ct);
        IReadOnlyList<ChartImage> images;
        try
        {
            await using var archive = store.OpenRead(chart.Digest);
            images = await ChartImageResolver.ResolveAsync(archive, new ChartImageLimits(), ct);
        }
        catch (ChartImageException ex)
        {
            throw new GatherRefusedException($"chart {request.Name} {request.Version}: {ex.Message}", ex);
        }

        logger.LogInformation("Chart {Chart} {Version} needs {Images} images", request.Name, request.Version, images.Count);
        return new GatheredArtifact(chart.Digest, OciChartSource.ChartMediaType, [chart],
            Parts: [.. images.Select(i => new RequestPart(ArtifactKinds.Image, i.Reference, i.Origin))]);
    }

    private async Task<RequestBlob> FromRepositoryAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct)
    {
        var repository = new Uri(request.Source.EndsWith('/') ? request.Source : request.Source + "/");
        var indexBytes = await downloader.GetSmallAsync(new Uri(repository, "index.yaml"), options.Value.MaxChartIndexBytes, ct);
        ChartIndex index;
        try
        {
            index = Yaml.Deserialize<ChartIndex>(Encoding.UTF8.GetString(indexBytes)) ?? new ChartIndex();
        }
        catch (YamlException ex)
        {
            throw new GatherRefusedException($"{repository}index.yaml is not a valid chart index: {ex.Message}", ex);
        }

        var entry = index.Entries.GetValueOrDefault(request.Name!)?.FirstOrDefault(e => e.Version == request.Version)
            ?? throw new GatherRefusedException($"chart {request.Name} version {request.Version} is not in {repository}index.yaml");
        var url = entry.Urls.FirstOrDefault() is { } first
            ? new Uri(repository, first)
            : throw new GatherRefusedException($"chart {request.Name} {request.Version} has no download URL in the index");
        var digest = entry.Digest?.ToLowerInvariant();
        if (digest is not null && !Sha256Digest.IsHex(digest))
        {
            throw new GatherRefusedException($"chart {request.Name} {request.Version} has a malformed digest in the index");
        }

        if (digest is null)
        {
            logger.LogWarning("Chart {Chart} {Version} has no digest in its index; its archive is taken as downloaded", request.Name, request.Version);
        }

        var stored = await downloader.DownloadAsync(url, digest, progress, ct);
        return new RequestBlob(stored.Digest, stored.Size);
    }

    // A Helm chart in a registry is a manifest whose config is Helm's and whose one layer is the chart archive; the archive
    // alone is carried, and published like any chart.
    private async Task<RequestBlob> FromRegistryAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct)
    {
        if (!OciChartSource.TryReference(request.Source, request.Name!, request.Version!, out var reference, out var error))
        {
            throw new GatherRefusedException($"{request.Source} {request.Name} {request.Version} is not a chart reference: {error}");
        }

        var client = clients.Client;
        var manifest = (await client.GetManifestAsync(reference!, ct)) switch
        {
            { IsIndex: true } => throw new GatherRefusedException($"{reference} is an index, not a Helm chart"),
            var result => result.ParseManifest(),
        };
        var layer = manifest.Config.MediaType == OciChartSource.ConfigMediaType
            ? manifest.Layers.FirstOrDefault(l => l.MediaType == OciChartSource.ChartMediaType)
            : null;
        if (layer is null)
        {
            throw new GatherRefusedException($"{reference} is not a Helm chart (config {manifest.Config.MediaType}, no chart layer)");
        }

        progress.AddTotal(layer.Size);
        await fetcher.FetchAsync(client, reference!, layer, progress, ct);
        return new RequestBlob(layer.Digest.Value, layer.Size);
    }
}
