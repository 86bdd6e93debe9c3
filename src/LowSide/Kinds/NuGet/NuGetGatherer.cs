using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.LowSide.Progress;
using TransferPipeline.Shared.NuGet;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Kinds.NuGet;

/// <summary>
/// Gathers NuGet packages from a v3 feed: the pinned versions, or every package of the request's packages.lock.json. The flat
/// container is found in the service index; each .nupkg is downloaded from it with its SHA-256 and SHA-512 taken in one pass,
/// inspected (its nuspec names it; its content hash is the lock file's) before it enters the store, and listed in the package
/// set, the artifact's root blob.
/// </summary>
internal sealed class NuGetGatherer(
    HttpFileDownloader downloader, RequestRepository requests, ContentStore store, SourcePolicy policy,
    ILogger<NuGetGatherer> logger) : IArtifactGatherer
{
    public async Task<GatheredArtifact> GatherAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct)
    {
        var serviceIndex = request.Source;
        var document = await requests.GetDocumentAsync(request.Id, ct);
        var (requested, wanted) = PinsOrDocument.Wanted(request, document, NuGetNames.SplitRequested, NuGetNames.NameDescription,
            pin => (Pin: pin, ContentHash: (string?)null),
            text => [.. NuGetLockFile.Read(text).Select(e => (e.Pin, ContentHash: (string?)e.ContentHash))]);

        var flatContainer = await NuGetServiceIndex.FlatContainerAsync(downloader, policy, serviceIndex, ct);
        var packages = new List<NuGetPackage>();
        var blobs = new List<RequestBlob>();
        foreach (var (pin, contentHash) in wanted)
        {
            var url = new Uri(flatContainer, NuGetNames.PackagePath(pin.Id, pin.Version));
            var (stored, sha512, package) = await downloader.DownloadInspectedAsync(url,
                (path, sha512) => NuGetPackageFile.Inspect(path, sha512, pin, contentHash), progress, ct);
            if (!blobs.Any(b => b.Digest == stored.Digest))
            {
                blobs.Add(new RequestBlob(stored.Digest, stored.Size));
            }

            packages.Add(new NuGetPackage
            {
                Id = package.Id,
                Version = package.Version,
                FileName = NuGetNames.PackageFileName(package.Id, package.Version),
                Size = stored.Size,
                Sha256 = stored.Digest["sha256:".Length..],
                Sha512 = sha512,
                ContentHash = contentHash,
            });
        }

        var set = new NuGetPackageSet
        {
            Format = NuGetPackageSet.CurrentFormat,
            ServiceIndex = serviceIndex,
            Requested = requested,
            Packages = packages,
        };
        using var json = new MemoryStream();
        await NuGetPackageSetFormat.WriteAsync(json, set, ct);
        json.Position = 0;
        var root = await store.PutAsync(json, null, null, null, ct);
        logger.LogInformation("nuget request {RequestId}: {Packages} packages from {ServiceIndex}", request.Id, packages.Count, serviceIndex);
        return new GatheredArtifact(root.Digest, NuGetPackageSet.MediaType, [new RequestBlob(root.Digest, root.Size), .. blobs]);
    }
}
