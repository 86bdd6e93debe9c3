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
    : IArtifactPublisher
{
    public void Prepare()
    {
        if (mirror.Value.PyPI is { } root)
        {
            StagedFile.SweepStagingTree(root);
        }
    }

    public string PlanLine(ArtifactDescription artifact) => $"pypi {mirror.Value.PyPI ?? "(Mirrors:PyPI not set)"} {artifact.Name} {artifact.Digest}";

    public async Task PublishAsync(string quarantineId, ArtifactDescription artifact, CancellationToken cancellationToken)
    {
        var root = mirror.Value.PyPI
            ?? throw new PublishException(PublishReasons.MirrorNotConfigured, "Mirrors:PyPI is not set; Python packages cannot be published");
        var entry = artifact as ManifestArtifact
            ?? throw new PublishException(PublishReasons.QuarantineTampered, $"pypi {artifact.Name} is not an entry of a signed manifest");
        var set = await sets.ReadAsync(quarantineId, entry, cancellationToken);
        if (await packages.ConflictAsync(set.Packages, cancellationToken) is { } conflict)
        {
            throw Conflict(conflict.File, conflict.Published);
        }

        StagedFile.EnsureMirror(root);
        foreach (var file in set.Packages)
        {
            var target = Path.Combine(root, PyPIIndexWriter.PackagesFolder, file.Name, StagedFile.SafeName(file.FileName));
            await PackageMirrorFile.PlaceAsync(locator, quarantineId, root, target, file.Sha256, there => Conflict(file, there), null,
                cancellationToken);
        }

        await packages.AddAsync(set.Packages, set.Index, quarantineId, clock.GetUtcNow(), cancellationToken);
        foreach (var name in set.Packages.Select(p => p.Name).Distinct(StringComparer.Ordinal))
        {
            await PyPIIndexWriter.WriteProjectAsync(root, name, await packages.FilesAsync(name, cancellationToken), cancellationToken);
        }

        await PyPIIndexWriter.WriteRootAsync(root, await packages.ProjectsAsync(cancellationToken), cancellationToken);
    }

    private static PublishException Conflict(PyPIPackage file, string published) =>
        new(PublishReasons.PyPIFileConflict, $"{file.Path} is already in the simple index with other bytes (sha256 {published}, not "
            + $"{file.Sha256}); a published file never changes");
}
