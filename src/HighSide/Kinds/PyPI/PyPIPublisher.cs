using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.PyPI;

namespace TransferPipeline.HighSide.Kinds.PyPI;

/// <summary>
/// Publishes a pypi artifact into the simple index: its package set read again (every PYPI rule checked), each file placed at
/// packages/NAME/FILE atomically and hashed again as it is copied (a file name published before with other bytes is refused:
/// a published file never changes), the files recorded, then each project's page and the root page regenerated from what is
/// recorded.
/// </summary>
internal sealed class PyPIPublisher(
    IOptions<PyPIMirrorOptions> mirror, BlobLocator locator, PyPIPackageSets sets, PyPIPackageRepository packages, TimeProvider clock)
    : PackageSetPublisher<PyPIPackageSet, PyPIPackage>(ArtifactKinds.PyPI, "Mirrors:PyPI", "Python packages", clock)
{
    protected override string? Root => mirror.Value.PyPI;

    protected override Task<PyPIPackageSet> ReadAsync(string quarantineId, ManifestArtifact entry, CancellationToken cancellationToken) =>
        sets.ReadAsync(quarantineId, entry, cancellationToken);

    protected override IReadOnlyList<PyPIPackage> PackagesOf(PyPIPackageSet set) => set.Packages;

    protected override async Task<PublishException?> ConflictAsync(IReadOnlyList<PyPIPackage> files, CancellationToken cancellationToken) =>
        await packages.ConflictAsync(files, cancellationToken) is { } conflict ? Conflict(conflict.File, conflict.Published) : null;

    protected override Task PlaceAsync(string quarantineId, string root, PyPIPackage file, CancellationToken cancellationToken) =>
        PackageMirrorFile.PlaceAsync(locator, quarantineId, root,
            Path.Combine(root, PyPIIndexWriter.PackagesFolder, file.Name, StagedFile.SafeName(file.FileName)), file.Sha256,
            there => Conflict(file, there), null, cancellationToken);

    protected override Task RecordAsync(PyPIPackageSet set, string quarantineId, DateTimeOffset now, CancellationToken cancellationToken) =>
        packages.AddAsync(set.Packages, set.Index, quarantineId, now, cancellationToken);

    protected override string NameOf(PyPIPackage file) => file.Name;

    protected override async Task WriteNameAsync(string root, string name, CancellationToken cancellationToken) =>
        await PyPIIndexWriter.WriteProjectAsync(root, name, await packages.FilesAsync(name, cancellationToken), cancellationToken);

    protected override async Task WriteRootAsync(string root, CancellationToken cancellationToken) =>
        await PyPIIndexWriter.WriteRootAsync(root, await packages.ProjectsAsync(cancellationToken), cancellationToken);

    private static PublishException Conflict(PyPIPackage file, string published) =>
        new(PublishReasons.PyPIFileConflict, $"{file.Path} is already in the simple index with other bytes (sha256 {published}, not "
            + $"{file.Sha256}); a published file never changes");
}
