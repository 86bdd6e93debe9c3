using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>Puts a file artifact into the file mirror under its name, atomically.</summary>
internal sealed class FilePublisher(IOptions<MirrorOptions> mirrors, BlobLocator locator)
{
    public async Task PublishAsync(string quarantineId, ArtifactRecord artifact, CancellationToken cancellationToken)
    {
        var mirror = mirrors.Value.Files ?? throw new PublishException(PublishReasons.MirrorNotConfigured, "Mirrors:Files is not set; files cannot be published");
        Directory.CreateDirectory(mirror);
        var source = await locator.FindAsync(quarantineId, artifact.Digest, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing, $"blob {artifact.Digest} of {artifact.Name} is not in quarantine");
        await StagedFile.PublishAsync(source, BatchFileNames.DigestHex(artifact.Digest), Path.Combine(mirror, SafeName(artifact.Name)), cancellationToken);
    }

    // The manifest validator already restricts names; this keeps a name from leaving the mirror whatever happens upstream.
    public static string SafeName(string name)
    {
        var file = Path.GetFileName(name);
        return file.Length == 0 || file != name || file.StartsWith('.')
            ? throw new PublishException(PublishReasons.QuarantineTampered, $"'{name}' is not a plain file name")
            : file;
    }
}
