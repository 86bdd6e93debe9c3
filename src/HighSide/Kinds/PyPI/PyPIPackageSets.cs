using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.PyPI;

namespace TransferPipeline.HighSide.Kinds.PyPI;

/// <summary>
/// Reads a pypi artifact's package set (its root blob) from quarantine, hashed as it is read, and checks every PYPI rule
/// against the artifact's signed manifest entry: at import, so a set that breaks one never reaches the officers, and again
/// when it is published.
/// </summary>
internal sealed class PyPIPackageSets(BlobLocator locator) : IImportedArtifactCheck
{
    public string Kind => ArtifactKinds.PyPI;

    /// <summary>The checked set; throws <see cref="PublishException"/> with the reason code of whatever is wrong.</summary>
    public Task<PyPIPackageSet> ReadAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken) =>
        QuarantinedPackageSet.ReadAsync<PyPIPackageSet, PyPIPackageSetException>(locator, quarantineId, artifact, PyPIPackageSetFormat.MaxBytes,
            stream => PyPIPackageSetFormat.ReadAsync(stream, artifact.Source, artifact.Name, artifact.Blobs, cancellationToken),
            cancellationToken);

    public Task<Failure?> CheckAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken) =>
        QuarantinedPackageSet.FailureOfAsync(() => ReadAsync(quarantineId, artifact, cancellationToken));
}
