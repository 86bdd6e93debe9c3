using System.Text;
using Microsoft.Extensions.Options;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Progress;
using TransferPipeline.Shared.Hashing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

using TransferPipeline.LowSide.Features.Gathering;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>Finds a chart version in an HTTP chart repository's index.yaml and downloads its archive, checked against the index digest.</summary>
internal sealed class ChartGatherer(HttpFileDownloader downloader, IOptions<GatheringOptions> options, ILogger<ChartGatherer> logger)
    : IArtifactGatherer
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public async Task<GatheredArtifact> GatherAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct)
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
        return new GatheredArtifact(stored.Digest, "application/vnd.cncf.helm.chart.content.v1.tar+gzip", [new RequestBlob(stored.Digest, stored.Size)]);
    }
}
