using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.NuGet;

namespace TransferPipeline.HighSide.Kinds.NuGet;

/// <summary>
/// Publishes a nuget artifact into the feed: its package set read again (every NUGET rule checked), each .nupkg's SHA-512
/// checked and the file placed at flatcontainer/{id}/{version}/{id}.{version}.nupkg atomically with its nuspec and, last, its
/// .nupkg.sha512 (a version published before with other bytes is refused: NuGet versions never change), the versions recorded,
/// then each id's version list and the service index regenerated from what is recorded.
/// </summary>
internal sealed class NuGetPublisher(
    IOptions<NuGetMirrorOptions> mirror, BlobLocator locator, NuGetPackageSets sets, NuGetPackageRepository packages, TimeProvider clock)
    : PackageSetPublisher<NuGetPackageSet, NuGetPackage>(ArtifactKinds.NuGet, "Mirrors:NuGet", "NuGet packages", clock)
{
    protected override string? Root => mirror.Value.NuGet;

    protected override string? BaseUrl => mirror.Value.BaseUrl;

    protected override Task<NuGetPackageSet> ReadAsync(string quarantineId, ManifestArtifact entry, CancellationToken cancellationToken) =>
        sets.ReadAsync(quarantineId, entry, cancellationToken);

    protected override IReadOnlyList<NuGetPackage> PackagesOf(NuGetPackageSet set) => set.Packages;

    protected override async Task<PublishException?> ConflictAsync(IReadOnlyList<NuGetPackage> set, CancellationToken cancellationToken) =>
        await packages.ConflictAsync(set, cancellationToken) is { } conflict
            ? Conflict(conflict.Package, $"published with sha256 {conflict.Published}")
            : null;

    protected override Task RecordAsync(NuGetPackageSet set, string quarantineId, DateTimeOffset now, CancellationToken cancellationToken) =>
        packages.AddAsync(set.Packages, set.ServiceIndex, quarantineId, now, cancellationToken);

    protected override string NameOf(NuGetPackage package) => package.Id.ToLowerInvariant();

    protected override async Task WriteNameAsync(string root, string name, CancellationToken cancellationToken) =>
        await NuGetFeedWriter.WriteVersionsAsync(root, name, await packages.VersionsAsync(name, cancellationToken), cancellationToken);

    protected override Task WriteRootAsync(string root, CancellationToken cancellationToken) =>
        NuGetFeedWriter.WriteServiceIndexAsync(root, mirror.Value.BaseUrl, cancellationToken);

    protected override async Task PlaceAsync(string quarantineId, string root, NuGetPackage package, CancellationToken cancellationToken)
    {
        var target = Path.Combine(root, NuGetFeedWriter.FlatContainer, package.Path);
        var directory = Path.GetDirectoryName(target)!;
        var nuspec = Path.Combine(directory, package.Id.ToLowerInvariant() + ".nuspec");
        if (System.IO.File.Exists(target))
        {
            // Placed by an earlier publish (or one interrupted before it recorded the version): the same bytes stay.
            var there = await Sha256Digest.ComputeFileAsync(target, cancellationToken);
            if (there.Sha256 != package.Sha256)
            {
                throw Conflict(package, $"a file with sha256 {there.Sha256}");
            }

            await NuGetFeedWriter.WriteNuspecAsync(target, nuspec, package.Pin, cancellationToken);
        }
        else
        {
            var blob = await locator.FindAsync(quarantineId, package.Digest, cancellationToken)
                ?? throw new PublishException(PublishReasons.BlobMissing, $"{package.Path} ({package.Digest}) is not in quarantine");
            if (await Sha512Base64.ComputeFileAsync(blob, cancellationToken) is var sha512 && sha512 != package.Sha512)
            {
                throw new PublishException(PublishReasons.QuarantineTampered, $"{package.Path} has SHA-512 {sha512}, not its set's {package.Sha512}");
            }

            StagedFile.EnsureDirectories(root, directory);
            await NuGetFeedWriter.WriteNuspecAsync(blob, nuspec, package.Pin, cancellationToken);
            await StagedFile.PublishAsync(blob, package.Sha256, target, cancellationToken);
        }

        // The hash file last: a folder feed takes a package whose .nupkg.sha512 exists as complete.
        await NuGetFeedWriter.WriteSha512Async(target + ".sha512", package.Sha512, cancellationToken);
    }

    private static PublishException Conflict(NuGetPackage package, string what) =>
        new(PublishReasons.NuGetVersionConflict, $"{package.Pin} is already in the NuGet feed with other bytes ({what}); "
            + "a published version never changes");
}
