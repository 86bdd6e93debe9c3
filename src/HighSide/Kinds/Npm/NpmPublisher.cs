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
    : PackageSetPublisher<NpmPackageSet, NpmPackage>(ArtifactKinds.Npm, "Mirrors:Npm", "npm packages", clock)
{
    protected override string? Root => mirror.Value.Npm;

    protected override string? BaseUrl => mirror.Value.BaseUrl;

    protected override Task<NpmPackageSet> ReadAsync(string quarantineId, ManifestArtifact entry, CancellationToken cancellationToken) =>
        sets.ReadAsync(quarantineId, entry, cancellationToken);

    protected override IReadOnlyList<NpmPackage> PackagesOf(NpmPackageSet set) => set.Packages;

    protected override async Task<PublishException?> ConflictAsync(IReadOnlyList<NpmPackage> set, CancellationToken cancellationToken) =>
        await packages.ConflictAsync(set, cancellationToken) is { } conflict
            ? Conflict(conflict.Package, $"published with sha256 {conflict.Published}")
            : null;

    protected override Task PlaceAsync(string quarantineId, string root, NpmPackage package, CancellationToken cancellationToken) =>
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

    protected override Task RecordAsync(NpmPackageSet set, string quarantineId, DateTimeOffset now, CancellationToken cancellationToken) =>
        packages.AddAsync(set.Packages, set.Registry, quarantineId, now, cancellationToken);

    protected override string NameOf(NpmPackage package) => package.Name;

    protected override async Task WriteNameAsync(string root, string name, CancellationToken cancellationToken) =>
        await NpmPackumentWriter.WriteAsync(root, mirror.Value.BaseUrl, name, await packages.VersionsAsync(name, cancellationToken),
            cancellationToken);

    private static PublishException Conflict(NpmPackage package, string what) =>
        new(PublishReasons.NpmVersionConflict, $"{package.Name}@{package.Version} is already in the npm mirror with other bytes ({what}); "
            + "a published version never changes");
}
