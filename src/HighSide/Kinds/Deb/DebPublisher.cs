using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>
/// Publishes a deb artifact into the apt mirror: its package set read again (every DEB rule checked), each .deb put at its
/// upstream pool path below the repository's path, atomically (a pool path that holds other bytes is refused), the packages
/// recorded, then the suite's indexes and signed Release files regenerated from what is recorded.
/// </summary>
internal sealed class DebPublisher(
    IOptions<DebMirrorOptions> mirror,
    BlobLocator locator,
    DebPackageSets sets,
    DebPackageRepository packages,
    DebSuiteWriter suites,
    SiteArchiveKey archiveKey,
    TimeProvider clock) : IArtifactPublisher
{
    public void Prepare()
    {
        if (mirror.Value.Debian is { } root)
        {
            StagedFile.SweepStagingTree(root);
        }
    }

    public string PlanLine(ArtifactDescription artifact)
    {
        var source = Source(artifact);
        var repository = Path.Combine(mirror.Value.Debian ?? "(Mirrors:Debian not set)", DebRepositoryPath.Of(source.Repository));
        return $"deb {repository} {source.Suite} {source.Component} {artifact.Name} {artifact.Digest}";
    }

    public async Task PublishAsync(string quarantineId, ArtifactDescription artifact, CancellationToken cancellationToken)
    {
        var root = mirror.Value.Debian
            ?? throw new PublishException(PublishReasons.MirrorNotConfigured,
                "Mirrors:Debian is not set; Debian packages cannot be published");
        var entry = artifact as ManifestArtifact
            ?? throw new PublishException(PublishReasons.QuarantineTampered, $"deb {artifact.Name} is not an entry of a signed manifest");
        var repositoryPath = DebRepositoryPath.Of(Source(artifact).Repository);
        var set = await sets.ReadAsync(quarantineId, entry, cancellationToken);
        var conflicts = await packages.ConflictsAsync(repositoryPath, set.Packages, cancellationToken);
        if (conflicts.Count > 0)
        {
            throw Conflict(repositoryPath, conflicts[0].Filename, $"published with sha256 {conflicts[0].Sha256}");
        }

        StagedFile.EnsureMirror(root);
        foreach (var package in set.Packages)
        {
            await PlaceAsync(quarantineId, root, repositoryPath, package, cancellationToken);
        }

        await packages.UpsertAsync(repositoryPath, set, quarantineId, clock.GetUtcNow(), cancellationToken);
        var key = await archiveKey.LoadAsync(cancellationToken);
        await SiteArchiveKey.ExportAsync(key, root, cancellationToken);
        await suites.WriteAsync(root, repositoryPath, set.Suite, key, cancellationToken);
    }

    private async Task PlaceAsync(
        string quarantineId, string root, string repositoryPath, DebianPackage package, CancellationToken cancellationToken)
    {
        var target = Path.Combine(root, repositoryPath, package.Filename);
        if (System.IO.File.Exists(target))
        {
            // Placed by an earlier publish (or one interrupted before it recorded the package): the same bytes stay.
            var there = await Sha256Digest.ComputeFileAsync(target, cancellationToken);
            if (there.Sha256 != package.Sha256)
            {
                throw Conflict(repositoryPath, package.Filename, $"a file with sha256 {there.Sha256}");
            }

            return;
        }

        var blob = await locator.FindAsync(quarantineId, package.Digest, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing, $"{package.Filename} ({package.Digest}) is not in quarantine");
        StagedFile.EnsureDirectories(root, Path.GetDirectoryName(target)!);
        await StagedFile.PublishAsync(blob, package.Sha256, target, cancellationToken);
    }

    private static PublishException Conflict(string repositoryPath, string filename, string what) =>
        new(PublishReasons.PoolConflict,
            $"{repositoryPath}/{filename} already holds another package ({what}); a pool path is never replaced");

    private static DebianSource Source(ArtifactDescription artifact) =>
        DebianSource.TryParse(artifact.Source, out var source)
            ? source
            : throw new PublishException(PublishReasons.QuarantineTampered,
                $"deb {artifact.Name} has source '{artifact.Source}', not {DebianSource.Description}");
}
