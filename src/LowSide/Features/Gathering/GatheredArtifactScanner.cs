using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Scanning;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.ClamAv;
using TransferPipeline.Shared.Scanning.Osv;
using TransferPipeline.Shared.Scanning.Sbom;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>
/// Scans what gathering put in the store for a request, before the request counts as gathered: ClamAV over every blob
/// (a file, a chart archive, an image's manifests, config and layers), and, for images, the OSV data against the
/// packages the image holds. Malware fails the request (malware-found); so does a vulnerability at or above
/// Scanning:Osv:StopAt (blocked-by-scan), and a scan that cannot give a verdict (scanner-failed): nothing unscanned is
/// cut into a batch while scanning is on.
/// </summary>
internal sealed class GatheredArtifactScanner(ContentStore store, OsvDatabases osv, IOptions<ScanningOptions> options,
    ILogger<GatheredArtifactScanner> logger)
{
    public async Task<GatherScanResult?> ScanAsync(ArtifactRequest request, GatheredArtifact gathered, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.IsOn(databaseCanArrive: false))
        {
            return null;
        }

        try
        {
            var findings = new List<ScanFinding>();
            var versions = new List<string>();
            if (settings.ClamAv.Database is not null || settings.Enabled == true)
            {
                versions.Add(await ScanForMalwareAsync(request, gathered, findings, ct));
            }

            if (settings.Osv.Database is { } directory && request.Kind == ArtifactKinds.Image)
            {
                versions.Add(await MatchVulnerabilitiesAsync(request, gathered, directory, findings, ct));
            }

            foreach (var finding in findings)
            {
                logger.LogWarning("Request {RequestId}: {Title} ({FindingId})", request.Id, finding.Title, finding.Id);
            }

            return new GatherScanResult(findings, versions);
        }
        catch (ScannerFailedException ex)
        {
            throw new GatherRefusedException(ScannerFailedException.ReasonCode, $"the scan failed: {ex.Message}");
        }
    }

    private async Task<string> ScanForMalwareAsync(ArtifactRequest request, GatheredArtifact gathered, List<ScanFinding> findings,
        CancellationToken ct)
    {
        var targets = gathered.Blobs.Select(b => b.Digest).Distinct(StringComparer.Ordinal)
            .Select(digest => new ScanTarget(store.PathOf(digest), $"{request.Source} {digest}"))
            .ToList();
        var result = await new ClamScan(options.Value.ClamAv).ScanAsync(targets, ct);
        var malware = result.Findings.Where(f => f.Kind == ScanFindingKind.Malware).ToList();
        if (malware.Count > 0)
        {
            throw new GatherRefusedException(LowSideReasons.MalwareFound,
                $"malware found by ClamAV ({result.DataVersion}): " + string.Join("; ", malware.Take(5).Select(f => $"{f.Title} in {f.Subject}")));
        }

        findings.AddRange(result.Findings);
        return $"{ClamScan.ScannerName} {result.DataVersion}";
    }

    private async Task<string> MatchVulnerabilitiesAsync(ArtifactRequest request, GatheredArtifact gathered, string directory,
        List<ScanFinding> findings, CancellationToken ct)
    {
        var database = osv.Load(directory, ct);
        var version = OsvDatabases.Version(database);
        var (packages, _) = await ImagePackages.ReadAsync(request.Source, gathered.Digest,
            (digest, _) => Task.FromResult(store.Contains(digest) ? store.PathOf(digest) : null), ct);
        var found = new OsvMatcher(database).Match(packages, version);
        var stopping = options.Value.Osv.StopAt is { } stopAt ? found.Where(f => f.Severity >= stopAt).ToList() : [];
        if (stopping.Count > 0)
        {
            throw new GatherRefusedException(LowSideReasons.BlockedByScan,
                $"{stopping.Count} vulnerabilit(ies) at or above {options.Value.Osv.StopAt} ({version}): "
                + string.Join("; ", stopping.Take(5).Select(f => $"{f.Id} ({f.Severity}, fixed in {f.FixedVersion ?? "no version"})")));
        }

        findings.AddRange(found);
        return version;
    }
}
