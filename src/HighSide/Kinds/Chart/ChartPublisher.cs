using System.Globalization;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;
using TransferPipeline.HighSide.Features.Publishing;

namespace TransferPipeline.HighSide.Kinds.Chart;

/// <summary>Puts a chart archive into the chart repository directory and regenerates index.yaml, each atomically.</summary>
internal sealed class ChartPublisher(IOptions<ChartMirrorOptions> mirror, BlobLocator locator, ChartRepository charts, TimeProvider clock)
    : IArtifactPublisher
{
    public void Prepare()
    {
        if (mirror.Value.Charts is { } directory)
        {
            StagedFile.SweepStaging(directory);
        }
    }

    public string PlanLine(ArtifactDescription artifact) =>
        $"chart {artifact.Name} {artifact.Version} {Path.Combine(mirror.Value.Charts ?? "(Mirrors:Charts not set)", FileName(artifact))} {artifact.Digest}";

    public async Task PublishAsync(string quarantineId, ArtifactDescription artifact, CancellationToken cancellationToken)
    {
        var directory = mirror.Value.Charts
            ?? throw new PublishException(PublishReasons.MirrorNotConfigured, "Mirrors:Charts is not set; charts cannot be published");
        StagedFile.EnsureMirror(directory);
        var source = await locator.FindAsync(quarantineId, artifact.Digest, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing, $"blob {artifact.Digest} of chart {artifact.Name} is not in quarantine");
        var version = artifact.Version ?? throw new PublishException(PublishReasons.QuarantineTampered, $"chart {artifact.Name} has no version");
        var fileName = FileName(artifact);
        await StagedFile.PublishAsync(source, BatchFileNames.DigestHex(artifact.Digest), Path.Combine(directory, fileName), cancellationToken);
        var now = clock.GetUtcNow();
        await charts.UpsertAsync(new PublishedChart(artifact.Name, version, artifact.Digest, fileName, now), cancellationToken);
        await ChartIndexWriter.WriteAsync(directory, await charts.AllAsync(cancellationToken), now, cancellationToken);
    }

    private static string FileName(ArtifactDescription artifact) =>
        StagedFile.SafeName(string.Create(CultureInfo.InvariantCulture, $"{artifact.Name}-{artifact.Version}.tgz"));
}
