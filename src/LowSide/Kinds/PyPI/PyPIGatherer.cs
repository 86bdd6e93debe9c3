using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.LowSide.Progress;
using TransferPipeline.Shared.PyPI;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Kinds.PyPI;

/// <summary>
/// Gathers wheels and sdists from a PEP 503 simple index: every file of each pinned release, or for a requirements file each
/// release's files whose SHA-256 the requirement lists. The files are those the project's page links; each link must carry a
/// <c>#sha256=</c>, and each file is checked against it as it is stored. A link may lie on another host (pypi.org's pages link
/// files.pythonhosted.org) but, like every URL, only where Sources:Allowed admits it.
/// </summary>
internal sealed class PyPIGatherer(
    HttpFileDownloader downloader, RequestRepository requests, ContentStore store, SourcePolicy policy,
    ILogger<PyPIGatherer> logger) : IArtifactGatherer
{
    public async Task<GatheredArtifact> GatherAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct)
    {
        var index = request.Source;
        var document = await requests.GetDocumentAsync(request.Id, ct);
        var (requested, wanted) = PinsOrDocument.Wanted(request, document, PyPINames.SplitRequested, PyPINames.NameDescription,
            pin => new PyPIRequirement(pin, new HashSet<string>()), PyPIRequirementsFile.Read);

        var packages = new List<PyPIPackage>();
        var blobs = new List<RequestBlob>();
        foreach (var group in wanted.GroupBy(w => w.Pin.Name, StringComparer.Ordinal))
        {
            var links = await PyPIProjectPage.GetAsync(downloader, index, group.Key, ct);
            foreach (var requirement in group)
            {
                foreach (var link in Files(index, requirement, links, byHash: document is not null))
                {
                    var stored = await DownloadAsync(link, progress, ct);
                    if (!blobs.Any(b => b.Digest == stored.Digest))
                    {
                        blobs.Add(new RequestBlob(stored.Digest, stored.Size));
                    }

                    packages.Add(new PyPIPackage
                    {
                        Name = requirement.Pin.Name,
                        Version = requirement.Pin.Version,
                        FileName = link.FileName,
                        Size = stored.Size,
                        Sha256 = link.Sha256!,
                        RequiresPython = link.RequiresPython,
                        Yanked = link.Yanked,
                    });
                }
            }
        }

        var set = new PyPIPackageSet { Format = PyPIPackageSet.CurrentFormat, Index = index, Requested = requested, Packages = packages };
        using var json = new MemoryStream();
        await PyPIPackageSetFormat.WriteAsync(json, set, ct);
        json.Position = 0;
        var root = await store.PutAsync(json, null, null, null, ct);
        logger.LogInformation("pypi request {RequestId}: {Files} files from {Index}", request.Id, packages.Count, index);
        return new GatheredArtifact(root.Digest, PyPIPackageSet.MediaType, [new RequestBlob(root.Digest, root.Size), .. blobs]);
    }

    // The release's files on the page, each once; with a requirements file only those whose hash it lists, at least one.
    private List<PyPILink> Files(string index, PyPIRequirement requirement, IReadOnlyList<PyPILink> links, bool byHash)
    {
        var pin = requirement.Pin;
        var release = links.Where(l => PyPINames.IsDistributionOf(l.FileName, pin.Name, pin.Version)).ToList();
        if (release.Count == 0)
        {
            throw new GatherRefusedException(PyPIReasons.IndexInvalid, $"{pin}: the index's page of {pin.Name} links no wheel or sdist of it");
        }

        if (release.FirstOrDefault(l => l.Sha256 is null) is { } unhashed)
        {
            throw new GatherRefusedException(PyPIReasons.IndexInvalid,
                $"{pin}: the index links {unhashed.FileName} without a #sha256= fragment; it cannot be checked");
        }

        if (release.GroupBy(l => l.FileName, StringComparer.Ordinal).FirstOrDefault(g => g.Select(l => l.Sha256).Distinct().Count() > 1) is { } torn)
        {
            throw new GatherRefusedException(PyPIReasons.IndexInvalid, $"{pin}: the index links {torn.Key} twice with different hashes");
        }

        var files = release.DistinctBy(l => l.FileName, StringComparer.Ordinal).Where(l => !byHash || requirement.Hashes.Contains(l.Sha256!)).ToList();
        if (files.Count == 0)
        {
            throw new GatherRefusedException(PyPIReasons.HashMismatch, $"{pin}: none of the requirement's hashes is the sha256 of a file "
                + $"the index lists for it ({string.Join(", ", release.Select(l => $"{l.FileName} {l.Sha256}"))})");
        }

        files.ForEach(l => CheckOrigin(index, pin, l));
        return files;
    }

    // A file may be on another host than the index, but never on a weaker scheme, with credentials or a query, nor where
    // Sources:Allowed does not admit it.
    private void CheckOrigin(string index, PyPIPin pin, PyPILink link)
    {
        var url = link.Url;
        if ((index.StartsWith("https:", StringComparison.Ordinal) && url.Scheme != "https") || url.UserInfo.Length > 0 || url.Query.Length > 0)
        {
            throw new GatherRefusedException(LowSideReasons.SourceNotAllowed,
                $"{pin}: {link.FileName} is linked at {url}, not an {(index.StartsWith("https:", StringComparison.Ordinal) ? "https" : "http(s)")} "
                + "URL without credentials or query");
        }

        if (policy.CheckUrl(url, "link") is { } refused)
        {
            throw new GatherRefusedException(LowSideReasons.SourceNotAllowed, $"{pin}: {link.FileName}: {refused.Message}");
        }
    }

    private async Task<StoredBlob> DownloadAsync(PyPILink link, TransferProgress progress, CancellationToken ct)
    {
        try
        {
            return await downloader.DownloadAsync(link.Url, link.Sha256, progress, ct);
        }
        catch (GatherRefusedException ex) when (ex.InnerException is BlobDigestMismatchException mismatch)
        {
            throw new GatherRefusedException(PyPIReasons.HashMismatch, $"{link.FileName} from {link.Url} does not have the sha256 "
                + $"{link.Sha256} the index gives ({mismatch.Message})");
        }
    }
}
