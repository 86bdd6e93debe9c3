using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Npm;

namespace TransferPipeline.HighSide.Kinds.Npm;

/// <summary>Reads and checks an npm artifact's package set (every NPM rule), at import and again when it is published.</summary>
internal sealed class NpmPackageSets(BlobLocator locator)
    : QuarantinedPackageSets<NpmPackageSet, NpmPackageSetException>(locator, NpmPackageSetFormat.MaxBytes, NpmPackageSetFormat.ReadAsync)
{
    public override string Kind => ArtifactKinds.Npm;
}
