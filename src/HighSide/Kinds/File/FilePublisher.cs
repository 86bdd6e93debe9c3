using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;
using TransferPipeline.HighSide.Features.Publishing;

namespace TransferPipeline.HighSide.Kinds.File;

/// <summary>Puts a file artifact into the file mirror under its name, atomically.</summary>
internal sealed class FilePublisher(IOptions<FileMirrorOptions> mirror, BlobLocator locator) : IArtifactPublisher
{
    public void Prepare()
    {
        if (mirror.Value.Files is { } directory)
        {
            StagedFile.SweepStaging(directory);
        }
    }

    public string PlanLine(ArtifactDescription artifact) =>
        $"file {Path.Combine(mirror.Value.Files ?? "(Mirrors:Files not set)", StagedFile.SafeName(artifact.Name))} {artifact.Digest}";

    public async Task PublishAsync(string quarantineId, ArtifactDescription artifact, CancellationToken cancellationToken)
    {
        var directory = mirror.Value.Files
            ?? throw new PublishException(PublishReasons.MirrorNotConfigured, "Mirrors:Files is not set; files cannot be published");
        StagedFile.EnsureMirror(directory);
        var source = await locator.FindAsync(quarantineId, artifact.Digest, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing, $"blob {artifact.Digest} of {artifact.Name} is not in quarantine");
        await StagedFile.PublishAsync(
            source,
            BatchFileNames.DigestHex(artifact.Digest),
            Path.Combine(directory, StagedFile.SafeName(artifact.Name)),
            cancellationToken);
    }
}
