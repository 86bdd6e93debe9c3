using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.NuGet;

namespace TransferPipeline.HighSide.Kinds.NuGet;

/// <summary>Reads and checks a nuget artifact's package set (every NUGET rule), at import and again when it is published.</summary>
internal sealed class NuGetPackageSets(BlobLocator locator)
    : QuarantinedPackageSets<NuGetPackageSet, NuGetPackageSetException>(locator, NuGetPackageSetFormat.MaxBytes, NuGetPackageSetFormat.ReadAsync)
{
    public override string Kind => ArtifactKinds.NuGet;
}
