using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Scanning;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.ClamAv;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>
/// Scans what gathering put in the store for a request, before the request counts as gathered: every blob (a file,
/// a chart archive, an image's manifests, config and layers). Malware fails the request (malware-found) and so does a
/// scan that cannot give a verdict (scanner-failed): nothing unscanned is cut into a batch while scanning is on.
/// </summary>
internal sealed class GatheredArtifactScanner(ContentStore store, IOptions<ScanningOptions> options, ILogger<GatheredArtifactScanner> logger)
{
    public async Task<MalwareScanResult?> ScanAsync(ArtifactRequest request, GatheredArtifact gathered, CancellationToken ct)
    {
        if (!options.Value.IsOn(databaseCanArrive: false))
        {
            return null;
        }

        var targets = gathered.Blobs.Select(b => b.Digest).Distinct(StringComparer.Ordinal)
            .Select(digest => new ScanTarget(store.PathOf(digest), $"{request.Source} {digest}"))
            .ToList();
        MalwareScanResult result;
        try
        {
            result = await new ClamScan(options.Value.ClamAv).ScanAsync(targets, ct);
        }
        catch (ScannerFailedException ex)
        {
            throw new GatherRefusedException(ScannerFailedException.ReasonCode, $"the malware scan failed: {ex.Message}");
        }

        var malware = result.Findings.Where(f => f.Kind == ScanFindingKind.Malware).ToList();
        if (malware.Count > 0)
        {
            throw new GatherRefusedException(LowSideReasons.MalwareFound,
                $"malware found by ClamAV ({result.DataVersion}): " + string.Join("; ", malware.Take(5).Select(f => $"{f.Title} in {f.Subject}")));
        }

        foreach (var finding in result.Findings)
        {
            logger.LogWarning("Request {RequestId}: {Title} ({FindingId})", request.Id, finding.Title, finding.Id);
        }

        return result;
    }
}
