using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Debian;

namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>
/// Reads and checks a deb artifact's package set (every DEB rule, and a repository the mirror can hold), at import and again
/// when it is published.
/// </summary>
internal sealed class DebPackageSets(BlobLocator locator)
    : QuarantinedPackageSets<DebianPackageSet, DebianPackageSetException>(
        locator, DebianPackageSetFormat.MaxBytes, DebianPackageSetFormat.ReadAsync)
{
    public override string Kind => ArtifactKinds.Deb;

    protected override void Check(DebianPackageSet set) => DebRepositoryPath.Of(set.Source.Repository);
}
