using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Progress;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// Gathers Debian packages with everything they depend on: the repository's InRelease verified with gpgv against
/// Debian:Keyrings, the Packages index checked against the signed Release, the closure resolved (<see cref="DebResolver"/>),
/// each .deb checked against its stanza, and the package set written as the root blob and read back by the format's rules.
/// </summary>
internal sealed class DebGatherer(
    HttpFileDownloader downloader, InReleaseVerifier verifier, PackagesIndexFetcher fetcher, ContentStore store,
    TimeProvider timeProvider, ILogger<DebGatherer> logger) : IArtifactGatherer
{
    public async Task<GatheredArtifact> GatherAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct)
    {
        if (!DebianSource.TryParse(request.Source, out var source) || DebianNames.SplitRequested(request.Name) is not { } requested
            || request.Platforms is not [var architecture])
        {
            throw new GatherRefusedException($"'{request.Source}' '{request.Name}' is not a deb request");
        }

        var directory = Directory.CreateTempSubdirectory("tp-deb-");
        try
        {
            var where = $"{source.RepositoryText} {source.Suite}/{source.Component}";
            var release = await ReadReleaseAsync(source, directory.FullName, ct);
            var index = await fetcher.FetchAsync(source, architecture, release, directory.FullName, ct);
            var chosen = new DebResolver(DebCandidateIndex.Read(index, architecture), where).Resolve(requested);
            var packages = DebStanzas.Read(index, chosen, where);
            logger.LogInformation("Request {RequestId}: {Requested} resolve to {Count} packages from {Repository}",
                request.Id, request.Name, packages.Count, where);
            var blobs = new List<RequestBlob>();
            foreach (var package in packages)
            {
                var stored = await downloader.DownloadAsync(source.Resolve(package.Filename), package.Sha256, progress, ct, package.Size);
                blobs.Add(new RequestBlob(stored.Digest, stored.Size));
            }

            var set = new DebianPackageSet
            {
                Format = DebianPackageSet.CurrentFormat,
                Repository = source.RepositoryText,
                Suite = source.Suite,
                Component = source.Component,
                Architecture = architecture,
                Requested = requested,
                Release = release.Description,
                Packages = packages,
            };
            var root = await StoreSetAsync(set, directory.FullName, ct);
            IReadOnlyList<RequestBlob> all = [root, .. blobs.DistinctBy(b => b.Digest)];
            await ReadBackAsync(request, root, all, ct);
            return new GatheredArtifact(root.Digest, DebianPackageSet.MediaType, all);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task<VerifiedRelease> ReadReleaseAsync(DebianSource source, string directory, CancellationToken ct)
    {
        var inRelease = Path.Combine(directory, "InRelease");
        var signed = await downloader.GetSmallAsync(source.Resolve($"dists/{source.Suite}/InRelease"), VerifiedRelease.MaxBytes, ct);
        await System.IO.File.WriteAllBytesAsync(inRelease, signed, ct);
        var verified = await verifier.VerifyAsync(inRelease, directory, source.RepositoryText, ct);
        var release = VerifiedRelease.Read(verified, source.RepositoryText);
        release.CheckFor(source, timeProvider.GetUtcNow());
        return release;
    }

    private async Task<RequestBlob> StoreSetAsync(DebianPackageSet set, string directory, CancellationToken ct)
    {
        var path = Path.Combine(directory, "set.json");
        await using (var file = System.IO.File.Create(path))
        {
            await DebianPackageSetFormat.WriteAsync(file, set, ct);
        }

        await using var written = System.IO.File.OpenRead(path);
        var stored = await store.PutAsync(written, null, null, null, ct);
        return new RequestBlob(stored.Digest, stored.Size);
    }

    // The high side reads the set by the batch format's DEB rules; a set that breaks one is refused here, not there.
    private async Task ReadBackAsync(ArtifactRequest request, RequestBlob root, IReadOnlyList<RequestBlob> blobs, CancellationToken ct)
    {
        try
        {
            await using var stream = store.OpenRead(root.Digest);
            await DebianPackageSetFormat.ReadAsync(stream, request.Source, request.Name!, [.. blobs.Select(b => b.Digest)], ct);
        }
        catch (DebianPackageSetException ex)
        {
            throw new GatherRefusedException($"the package set for {request.Name} would be refused by the high side: {ex.Message}", ex);
        }
    }
}
