using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.HighSide.Kinds.Npm;

/// <summary>
/// Publishes an npm artifact into the mirror: its package set read again (every NPM rule checked), each tarball's SHA-512
/// checked against its integrity and placed at NAME/-/FILE atomically (a version published before with other bytes is
/// refused: npm versions never change), the versions recorded, then each name's packument regenerated from what is recorded.
/// </summary>
internal sealed class NpmPublisher(
    IOptions<NpmMirrorOptions> mirror, BlobLocator locator, NpmPackageSets sets, NpmPackageRepository packages, TimeProvider clock)
    : IArtifactPublisher
{
    public void Prepare()
    {
        if (mirror.Value.Npm is { } root)
        {
            StagedFile.SweepStagingTree(root);
        }
    }

    public string PlanLine(ArtifactDescription artifact) =>
        $"npm {mirror.Value.Npm ?? "(Mirrors:Npm not set)"} {mirror.Value.BaseUrl} {artifact.Name} {artifact.Digest}";

    public async Task PublishAsync(string quarantineId, ArtifactDescription artifact, CancellationToken cancellationToken)
    {
        var root = mirror.Value.Npm
            ?? throw new PublishException(PublishReasons.MirrorNotConfigured, "Mirrors:Npm is not set; npm packages cannot be published");
        var entry = artifact as ManifestArtifact
            ?? throw new PublishException(PublishReasons.QuarantineTampered, $"npm {artifact.Name} is not an entry of a signed manifest");
        var set = await sets.ReadAsync(quarantineId, entry, cancellationToken);
        if (await packages.ConflictAsync(set.Packages, cancellationToken) is { } conflict)
        {
            throw Conflict(conflict.Package, $"published with sha256 {conflict.Published}");
        }

        StagedFile.EnsureMirror(root);
        foreach (var package in set.Packages)
        {
            await PlaceAsync(quarantineId, root, package, cancellationToken);
        }

        await packages.AddAsync(set.Packages, set.Registry, quarantineId, clock.GetUtcNow(), cancellationToken);
        foreach (var name in set.Packages.Select(p => p.Name).Distinct(StringComparer.Ordinal))
        {
            var versions = await packages.VersionsAsync(name, cancellationToken);
            await NpmPackumentWriter.WriteAsync(root, mirror.Value.BaseUrl, name, versions, cancellationToken);
        }
    }

    private Task PlaceAsync(string quarantineId, string root, NpmPackage package, CancellationToken cancellationToken) =>
        PackageMirrorFile.PlaceAsync(locator, quarantineId, root, Path.Combine(root, package.Name, "-", package.FileName), package.Sha256,
            there => Conflict(package, $"a file with sha256 {there}"), async (blob, ct) =>
            {
                try
                {
                    await using var file = Sha256Digest.OpenSequential(blob);
                    await using var check = new NpmIntegrityStream(file, package.Integrity);
                    await check.CopyToAsync(Stream.Null, ct);
                }
                catch (BlobDigestMismatchException ex)
                {
                    throw new PublishException(PublishReasons.QuarantineTampered, $"{package.Path} does not have its integrity: {ex.Message}");
                }
            }, cancellationToken);

    private static PublishException Conflict(NpmPackage package, string what) =>
        new(PublishReasons.NpmVersionConflict, $"{package.Name}@{package.Version} is already in the npm mirror with other bytes ({what}); "
            + "a published version never changes");
}
