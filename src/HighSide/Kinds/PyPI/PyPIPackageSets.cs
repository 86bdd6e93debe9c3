using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.PyPI;

namespace TransferPipeline.HighSide.Kinds.PyPI;

/// <summary>Reads and checks a pypi artifact's package set (every PYPI rule), at import and again when it is published.</summary>
internal sealed class PyPIPackageSets(BlobLocator locator)
    : QuarantinedPackageSets<PyPIPackageSet, PyPIPackageSetException>(locator, PyPIPackageSetFormat.MaxBytes, PyPIPackageSetFormat.ReadAsync)
{
    public override string Kind => ArtifactKinds.PyPI;
}
