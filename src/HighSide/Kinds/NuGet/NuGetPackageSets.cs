using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.NuGet;

namespace TransferPipeline.HighSide.Kinds.NuGet;

/// <summary>
/// Reads a nuget artifact's package set (its root blob) from quarantine, hashed as it is read, and checks every NUGET rule
/// against the artifact's signed manifest entry: at import, so a set that breaks one never reaches the officers, and again
/// when it is published.
/// </summary>
internal sealed class NuGetPackageSets(BlobLocator locator) : IImportedArtifactCheck
{
    public string Kind => ArtifactKinds.NuGet;

    /// <summary>The checked set; throws <see cref="PublishException"/> with the reason code of whatever is wrong.</summary>
    public Task<NuGetPackageSet> ReadAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken) =>
        QuarantinedPackageSet.ReadAsync<NuGetPackageSet, NuGetPackageSetException>(locator, quarantineId, artifact,
            NuGetPackageSetFormat.MaxBytes,
            stream => NuGetPackageSetFormat.ReadAsync(stream, artifact.Source, artifact.Name, artifact.Blobs, cancellationToken),
            cancellationToken);

    public Task<Failure?> CheckAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken) =>
        QuarantinedPackageSet.FailureOfAsync(() => ReadAsync(quarantineId, artifact, cancellationToken));
}
