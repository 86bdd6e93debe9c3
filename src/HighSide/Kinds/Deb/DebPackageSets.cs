using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>
/// Reads a deb artifact's package set (its root blob) from quarantine, hashed as it is read, and checks every DEB rule
/// against the artifact's signed manifest entry: at import, so a set that breaks one never reaches the officers, and again
/// when it is published.
/// </summary>
internal sealed class DebPackageSets(BlobLocator locator) : IImportedArtifactCheck
{
    public string Kind => ArtifactKinds.Deb;

    /// <summary>The checked set; throws <see cref="PublishException"/> with the reason code of whatever is wrong.</summary>
    public async Task<DebianPackageSet> ReadAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var path = await locator.FindAsync(quarantineId, artifact.Digest, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing,
                $"package set {artifact.Digest} of deb {artifact.Name} is not in quarantine");
        DebianPackageSet set;
        string sha256;
        await using (var file = Sha256Digest.OpenSequential(path))
        await using (var hashing = new HashingReadStream(file, 2 * DebianPackageSetFormat.MaxBytes))
        {
            try
            {
                set = await DebianPackageSetFormat.ReadAsync(hashing, artifact.Source, artifact.Name, artifact.Blobs, cancellationToken);
            }
            catch (DebianPackageSetException ex)
            {
                throw new PublishException(PublishReasons.PackageSetInvalid,
                    $"the package set of deb '{artifact.Name}' is invalid: {ex.Message}");
            }

            sha256 = await hashing.FinishAsync(cancellationToken);
        }

        return "sha256:" + sha256 == artifact.Digest
            ? set
            : throw new PublishException(PublishReasons.QuarantineTampered,
                $"package set {artifact.Digest} in quarantine was altered after verification (sha256 {sha256})");
    }

    public async Task<Failure?> CheckAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken)
    {
        try
        {
            var set = await ReadAsync(quarantineId, artifact, cancellationToken);
            DebRepositoryPath.Of(set.Source.Repository);
            return null;
        }
        catch (PublishException ex)
        {
            return new Failure(ex.Code, ex.Message);
        }
    }
}
