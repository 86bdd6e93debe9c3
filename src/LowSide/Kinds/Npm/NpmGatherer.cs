using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.LowSide.Progress;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Kinds.Npm;

/// <summary>
/// Gathers npm packages from a registry: the pinned versions, or every package of the request's lock file. Each version's
/// entry is taken from the registry's packument; each tarball is downloaded from below the registry, checked against its
/// SHA-512 integrity (the lock file's, which must be the registry's too, or the registry's) as it is stored, and listed with
/// its SHA-256 and entry in the package set, the artifact's root blob.
/// </summary>
internal sealed class NpmGatherer(
    HttpFileDownloader downloader, RequestRepository requests, ContentStore store, SourcePolicy policy,
    ILogger<NpmGatherer> logger) : IArtifactGatherer
{
    public async Task<GatheredArtifact> GatherAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct)
    {
        var registry = request.Source;
        var document = await requests.GetDocumentAsync(request.Id, ct);
        var (requested, wanted) = PinsOrDocument.Wanted(request, document, NpmNames.SplitRequested, NpmNames.NameDescription,
            pin => (Pin: pin, Lock: (NpmLockEntry?)null),
            text => [.. NpmLockFile.Read(text).Select(e => (Pin: new NpmPin(e.Name, e.Version), Lock: (NpmLockEntry?)e))]);
        var packages = new List<NpmPackage>();
        var blobs = new List<RequestBlob>();
        foreach (var group in wanted.GroupBy(w => w.Pin.Name, StringComparer.Ordinal))
        {
            using var packument = await NpmPackuments.GetAsync(downloader, registry, group.Key, ct);
            foreach (var (pin, lockEntry) in group)
            {
                var entry = NpmPackuments.VersionEntry(packument, pin);
                var (url, integrity) = Origin(registry, pin, entry, lockEntry);
                var stored = await DownloadAsync(pin, url, integrity, progress, ct);
                if (!blobs.Any(b => b.Digest == stored.Digest))
                {
                    blobs.Add(new RequestBlob(stored.Digest, stored.Size));
                }

                packages.Add(new NpmPackage
                {
                    Name = pin.Name,
                    Version = pin.Version,
                    FileName = NpmNames.TarballFileName(pin.Name, pin.Version),
                    Size = stored.Size,
                    Sha256 = stored.Digest["sha256:".Length..],
                    Integrity = integrity,
                    Metadata = entry.Metadata,
                });
            }
        }

        var set = new NpmPackageSet { Format = NpmPackageSet.CurrentFormat, Registry = registry, Requested = requested, Packages = packages };
        using var json = new MemoryStream();
        await NpmPackageSetFormat.WriteAsync(json, set, ct);
        json.Position = 0;
        var root = await store.PutAsync(json, null, null, null, ct);
        logger.LogInformation("npm request {RequestId}: {Packages} packages from {Registry}", request.Id, packages.Count, registry);
        return new GatheredArtifact(root.Digest, NpmPackageSet.MediaType, [new RequestBlob(root.Digest, root.Size), .. blobs]);
    }

    // A lock file says where the tarball is and what it must hash to; the registry must agree on the hash, so a lock file
    // cannot bring in bytes the registry does not vouch for (nor the registry bytes the lock file did not lock).
    private (Uri Url, string Integrity) Origin(string registry, NpmPin pin, NpmVersionEntry entry, NpmLockEntry? lockEntry)
    {
        if (lockEntry is not null && lockEntry.Integrity != entry.Integrity)
        {
            throw new GatherRefusedException(NpmReasons.IntegrityMismatch,
                $"{pin}: the lock file's integrity {lockEntry.Integrity} is not the registry's {entry.Integrity}");
        }

        var url = lockEntry?.Resolved ?? entry.Tarball;
        var below = new Uri(registry + "/").AbsoluteUri;
        if (!url.AbsoluteUri.StartsWith(below, StringComparison.Ordinal) || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new GatherRefusedException(LowSideReasons.SourceNotAllowed,
                $"{pin} is resolved from {url}, which is not below the request's registry {registry}");
        }

        return policy.CheckUrl(url, "resolved") is { } refused
            ? throw new GatherRefusedException(LowSideReasons.SourceNotAllowed, $"{pin}: {refused.Message}")
            : (url, entry.Integrity);
    }

    private async Task<StoredBlob> DownloadAsync(NpmPin pin, Uri url, string integrity, TransferProgress progress, CancellationToken ct)
    {
        try
        {
            return await downloader.DownloadAsync(url, null, progress, ct, check: body => new NpmIntegrityStream(body, integrity));
        }
        catch (GatherRefusedException ex) when (ex.InnerException is BlobDigestMismatchException mismatch)
        {
            throw new GatherRefusedException(NpmReasons.IntegrityMismatch, $"{pin}: the tarball from {url} is not what its integrity "
                + $"{integrity} says ({mismatch.Message})");
        }
    }
}
