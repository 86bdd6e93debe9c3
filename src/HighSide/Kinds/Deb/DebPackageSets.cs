using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Debian;

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
    public Task<DebianPackageSet> ReadAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken) =>
        QuarantinedPackageSet.ReadAsync<DebianPackageSet, DebianPackageSetException>(locator, quarantineId, artifact,
            DebianPackageSetFormat.MaxBytes,
            stream => DebianPackageSetFormat.ReadAsync(stream, artifact.Source, artifact.Name, artifact.Blobs, cancellationToken),
            cancellationToken);

    public Task<Failure?> CheckAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken) =>
        QuarantinedPackageSet.FailureOfAsync(async () =>
        {
            var set = await ReadAsync(quarantineId, artifact, cancellationToken);
            DebRepositoryPath.Of(set.Source.Repository);
        });
}
