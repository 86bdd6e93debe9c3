using System.Globalization;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>Puts a chart archive into the chart repository directory and regenerates index.yaml, each atomically.</summary>
internal sealed class ChartPublisher(IOptions<MirrorOptions> mirrors, BlobLocator locator, ChartRepository charts, TimeProvider clock)
{
    public async Task PublishAsync(string quarantineId, ArtifactRecord artifact, CancellationToken cancellationToken)
    {
        var mirror = mirrors.Value.Charts ?? throw new PublishException(PublishReasons.MirrorNotConfigured, "Mirrors:Charts is not set; charts cannot be published");
        Directory.CreateDirectory(mirror);
        var source = await locator.FindAsync(quarantineId, artifact.Digest, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing, $"blob {artifact.Digest} of chart {artifact.Name} is not in quarantine");
        var version = artifact.Version ?? throw new PublishException(PublishReasons.QuarantineTampered, $"chart {artifact.Name} has no version");
        var fileName = FilePublisher.SafeName(string.Create(CultureInfo.InvariantCulture, $"{artifact.Name}-{version}.tgz"));
        await StagedFile.PublishAsync(source, BatchFileNames.DigestHex(artifact.Digest), Path.Combine(mirror, fileName), cancellationToken);
        var now = clock.GetUtcNow();
        await charts.UpsertAsync(new PublishedChart(artifact.Name, version, artifact.Digest, fileName, now), cancellationToken);
        await ChartIndexWriter.WriteAsync(mirror, await charts.AllAsync(cancellationToken), now, cancellationToken);
    }
}
