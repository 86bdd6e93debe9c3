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
        var version = artifact.Version ?? throw new PublishException(PublishReasons.QuarantineTampered, $"chart {artifact.Name} has no version");
        var fileName = FileName(artifact);
        var now = clock.GetUtcNow();
        var chart = new PublishedChart(artifact.Name, version, artifact.Digest, fileName, now);
        if (await charts.ConflictAsync(chart, cancellationToken) is { } published)
        {
            throw new PublishException(PublishReasons.ChartConflict, $"chart {artifact.Name} {version} ({fileName}, {artifact.Digest}) would change "
                + $"chart {published.Name} {published.Version} ({published.FileName}, {published.Digest}), published already: a published chart never changes");
        }

        // The archive's file may be there unrecorded (a publish interrupted before its row): the same bytes stay, others conflict.
        await PackageMirrorFile.PlaceAsync(locator, quarantineId, directory, Path.Combine(directory, fileName), BatchFileNames.DigestHex(artifact.Digest),
            there => new PublishException(PublishReasons.ChartConflict, $"{fileName} in the chart repository holds other bytes (sha256:{there})"),
            null, cancellationToken);
        await charts.UpsertAsync(chart, cancellationToken);
        await ChartIndexWriter.WriteAsync(directory, await charts.AllAsync(cancellationToken), now, cancellationToken);
    }

    private static string FileName(ArtifactDescription artifact) =>
        StagedFile.SafeName(string.Create(CultureInfo.InvariantCulture, $"{artifact.Name}-{artifact.Version}.tgz"));
}
