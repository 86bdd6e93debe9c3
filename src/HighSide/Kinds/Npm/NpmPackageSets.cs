using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Npm;

namespace TransferPipeline.HighSide.Kinds.Npm;

/// <summary>
/// Reads an npm artifact's package set (its root blob) from quarantine, hashed as it is read, and checks every NPM rule
/// against the artifact's signed manifest entry.
/// </summary>
internal sealed class NpmPackageSets(BlobLocator locator)
{
    /// <summary>The checked set; throws <see cref="PublishException"/> with the reason code of whatever is wrong.</summary>
    public async Task<NpmPackageSet> ReadAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var path = await locator.FindAsync(quarantineId, artifact.Digest, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing, $"package set {artifact.Digest} of npm {artifact.Name} is not in quarantine");
        NpmPackageSet set;
        string sha256;
        await using (var file = Sha256Digest.OpenSequential(path))
        await using (var hashing = new HashingReadStream(file, 2 * NpmPackageSetFormat.MaxBytes))
        {
            try
            {
                set = await NpmPackageSetFormat.ReadAsync(hashing, artifact.Source, artifact.Name, artifact.Blobs, cancellationToken);
            }
            catch (NpmPackageSetException ex)
            {
                throw new PublishException(PublishReasons.PackageSetInvalid, $"the package set of npm '{artifact.Name}' is invalid: {ex.Message}");
            }

            sha256 = await hashing.FinishAsync(cancellationToken);
        }

        return "sha256:" + sha256 == artifact.Digest
            ? set
            : throw new PublishException(PublishReasons.QuarantineTampered,
                $"package set {artifact.Digest} in quarantine was altered after verification (sha256 {sha256})");
    }
}
