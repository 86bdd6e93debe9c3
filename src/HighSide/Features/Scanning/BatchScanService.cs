using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.Hosting.Scanning;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.ClamAv;
using TransferPipeline.Shared.Scanning.Osv;
using TransferPipeline.Shared.Scanning.Sbom;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// Scans a batch in quarantine and stores the result with its findings: ClamAV over every blob of every artifact (files,
/// chart archives, image manifests, configs and layers: ClamAV reads tar and gzip itself), the cosign signatures
/// Policy:Cosign requires, the OSV data against the packages each image holds, and each Scanning:Commands tool on the
/// artifacts it applies to. A scan that cannot finish is stored as failed, with why: the scan gate holds such a batch,
/// it never reads a missing result as clean.
/// </summary>
internal sealed class BatchScanService(
    ScanRepository scans, QuarantinedArtifacts quarantined, BlobLocator blobs, ActiveScannerData data, OsvDatabases osv, HookScans hooks,
    SignatureChecks signatures, IOptions<ScanningOptions> options, BatchClaims claims, ClaimedWork claimed, TimeProvider clock,
    ILogger<BatchScanService> logger, PipelineMetrics metrics)
{
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// In a worker: scans a batch that has no scan result yet, under the batch's claim (ADR 0008); a duplicated or redelivered
    /// request finds the result stored and scans nothing again.
    /// </summary>
    public async Task<ScanAttempt> ScanUnscannedAsync(string batchId, CancellationToken cancellationToken)
    {
        var (ran, attempt) = await claimed.RunAsync(claims, batchId, async work =>
        {
            if (await scans.ResultAsync(batchId, work) is not (null or { Outcome: ScanOutcome.Skipped }))
            {
                return ScanAttempt.AlreadyScanned;
            }

            await ScanAsync(batchId, work);
            return ScanAttempt.Scanned;
        }, cancellationToken);
        return ran ? attempt : ScanAttempt.HeldByAnotherWorker;
    }

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
        using var timing = metrics.Time("scan");
        var started = clock.GetTimestamp();
        var run = new ScanRun();
        try
        {
            // The manifest is read once a scan: its artifacts feed the malware scan and the cosign check alike.
            var manifestArtifacts = await quarantined.ReadAsync(batchId, cancellationToken);
            var artifacts = QuarantinedArtifacts.ToScan(manifestArtifacts);
            await ScanForMalwareAsync(batchId, artifacts, run, cancellationToken);
            run.Findings.AddRange(await signatures.CheckAsync(batchId, manifestArtifacts, cancellationToken));
            if (await data.OsvDatabaseAsync(cancellationToken) is { } osvDirectory)
            {
                await MatchVulnerabilitiesAsync(batchId, artifacts, osvDirectory, run, cancellationToken);
            }

            foreach (var hook in options.Value.Commands)
            {
                foreach (var artifact in artifacts.Where(a => hook.AppliesTo(a.Kind)))
                {
                    run.Add(artifact.Position, await hooks.RunAsync(batchId, artifact, hook, cancellationToken));
                }

                run.Versions.Add(hook.ScannerName);
            }

            var outcome = run.Outcome(batchId, clock.GetUtcNow());
            await scans.SaveAsync(outcome, run.Findings, "scan.completed", new
            {
                outcome.DataVersions,
                files = run.Files,
                malware = run.Findings.Count(f => f.Finding.Kind == ScanFindingKind.Malware),
                vulnerabilities = run.Findings.Count(f => f.Finding.Kind == ScanFindingKind.Vulnerability),
                findings = run.Findings.Count,
                notes = run.Notes.Take(20).ToList(),
                seconds = Math.Round(clock.GetElapsedTime(started).TotalSeconds, 1),
            }, cancellationToken);
            logger.LogInformation("Scanned batch {BatchId}: {Files} file(s), {Findings} finding(s) ({DataVersions})", batchId,
                run.Files, run.Findings.Count, outcome.DataVersions);
        }
        catch (ScannerFailedException ex)
        {
            logger.LogWarning("Scan of batch {BatchId} failed: {Reason}", batchId, ex.Message);
            var failed = new ScanOutcome
            {
                BatchId = batchId,
                Outcome = ScanOutcome.Failed,
                DataVersions = string.Join(", ", run.Versions),
                Error = ex.Message,
                Files = run.Files,
                FinishedUtc = clock.GetUtcNow(),
            };
            await scans.SaveAsync(failed, [], "scan.failed", new { reason = ex.Message }, cancellationToken);
        }
    }

    private async Task ScanForMalwareAsync(string batchId, IReadOnlyList<ScannedArtifact> artifacts, ScanRun run, CancellationToken cancellationToken)
    {
        var (targets, positions) = (new List<ScanTarget>(), new Dictionary<string, long>(StringComparer.Ordinal));
        foreach (var artifact in artifacts)
        {
            foreach (var digest in artifact.Blobs.Distinct(StringComparer.Ordinal))
            {
                var path = await blobs.FindAsync(batchId, digest, cancellationToken)
                    ?? throw new ScannerFailedException($"blob {digest} of {artifact.Name} is not in quarantine");
                var subject = $"{artifact.Name} {digest}";
                targets.Add(new ScanTarget(path, subject));
                positions[subject] = artifact.Position;
            }
        }

        var database = await data.ClamAvDatabaseAsync(cancellationToken) ?? throw new ScannerFailedException(
            "no ClamAV database: set Scanning:ClamAv:Database or publish a scanner-data artifact");
        var result = await new ClamScan(options.Value.ClamAv, database).ScanAsync(targets, cancellationToken);
        run.Files = result.FilesScanned;
        run.Versions.Add($"{ClamScan.ScannerName} {result.DataVersion}");
        run.DataTimes.Add(ClamAvDatabase.NewestSignatureTime(database));
        foreach (var finding in result.Findings)
        {
            run.Add(positions[finding.Subject], [finding]);
        }
    }

    private async Task MatchVulnerabilitiesAsync(string batchId, IReadOnlyList<ScannedArtifact> artifacts, string directory, ScanRun run,
        CancellationToken cancellationToken)
    {
        var database = osv.Load(directory, cancellationToken);
        var version = OsvDatabases.Version(database);
        var matcher = new OsvMatcher(database);
        foreach (var image in artifacts.Where(a => a.Kind == ArtifactKinds.Image))
        {
            var (found, notes) = await ImagePackages.ReadAsync(image.Name, image.Digest, (d, ct) => blobs.FindAsync(batchId, d, ct), cancellationToken);
            run.Add(image.Position, matcher.Match(found, version));
            run.Notes.AddRange(notes.Select(n => $"{image.Name}: {n}"));
        }

        run.Versions.Add(version);
        run.DataTimes.Add(database.NewestModified);
    }
}
