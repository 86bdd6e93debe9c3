using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Hosting.Scanning;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.ClamAv;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// Scans every blob of every artifact of a batch in quarantine (files, chart archives, image manifests, configs and
/// layers: ClamAV reads tar and gzip itself) and stores the result with its findings. A scan that cannot finish is
/// stored as failed, with why: the scan gate holds such a batch, it never reads a missing result as clean.
/// </summary>
internal sealed class BatchScanService(
    ScanRepository scans, BlobLocator blobs, ActiveScannerData data, IOptions<ScanningOptions> options, TimeProvider clock,
    ILogger<BatchScanService> logger)
{
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    public async Task ScanAsync(string batchId, CancellationToken cancellationToken)
    {
        if (!_inFlight.TryAdd(batchId, 0))
        {
            return;
        }

        try
        {
            await ScanClaimedAsync(batchId, cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(batchId, out _);
        }
    }

    private async Task ScanClaimedAsync(string batchId, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var (targets, positions) = (new List<ScanTarget>(), new Dictionary<string, long>(StringComparer.Ordinal));
        try
        {
            foreach (var (position, name, digests) in await scans.ArtifactBlobsAsync(batchId, cancellationToken))
            {
                foreach (var digest in digests.Distinct(StringComparer.Ordinal))
                {
                    var path = await blobs.FindAsync(batchId, digest, cancellationToken)
                        ?? throw new ScannerFailedException($"blob {digest} of {name} is not in quarantine");
                    var subject = $"{name} {digest}";
                    targets.Add(new ScanTarget(path, subject));
                    positions[subject] = position;
                }
            }

            var database = await data.ClamAvDatabaseAsync(cancellationToken) ?? throw new ScannerFailedException(
                "no ClamAV database: set Scanning:ClamAv:Database or publish a scanner-data artifact");
            var clamAv = new ClamAvOptions
            {
                Database = database,
                Executable = options.Value.ClamAv.Executable,
                TimeoutSeconds = options.Value.ClamAv.TimeoutSeconds,
                MaxFileSizeMiB = options.Value.ClamAv.MaxFileSizeMiB,
            };
            var result = await new ClamScan(clamAv).ScanAsync(targets, cancellationToken);
            var findings = result.Findings.Select(f => new StoredFinding(positions[f.Subject], f)).ToList();
            var outcome = new ScanOutcome
            {
                BatchId = batchId,
                Outcome = ScanOutcome.Done,
                DataVersions = $"{ClamScan.ScannerName} {result.DataVersion}",
                DataTimeUtc = ClamAvDatabase.NewestSignatureTime(database),
                Files = result.FilesScanned,
                FinishedUtc = clock.GetUtcNow(),
            };
            await scans.SaveAsync(outcome, findings, "scan.completed", new
            {
                outcome.DataVersions,
                files = result.FilesScanned,
                malware = findings.Count(f => f.Finding.Kind == ScanFindingKind.Malware),
                findings = findings.Count,
                seconds = Math.Round(clock.GetElapsedTime(started).TotalSeconds, 1),
            }, cancellationToken);
            logger.LogInformation("Scanned batch {BatchId}: {Files} file(s), {Findings} finding(s) ({DataVersions})", batchId,
                result.FilesScanned, findings.Count, outcome.DataVersions);
        }
        catch (ScannerFailedException ex)
        {
            logger.LogWarning("Scan of batch {BatchId} failed: {Reason}", batchId, ex.Message);
            var failed = new ScanOutcome
            {
                BatchId = batchId,
                Outcome = ScanOutcome.Failed,
                DataVersions = "",
                Error = ex.Message,
                Files = targets.Count,
                FinishedUtc = clock.GetUtcNow(),
            };
            await scans.SaveAsync(failed, [], "scan.failed", new { reason = ex.Message }, cancellationToken);
        }
    }
}
