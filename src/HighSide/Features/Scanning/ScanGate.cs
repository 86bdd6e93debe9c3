using System.Globalization;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// The malware scan as a gate: held in `scanning` until the batch has a scan result, refused when any blob carries
/// malware or an image's required signature does not verify (nothing of such a batch is publishable), held while the
/// latest scan failed. A batch of nothing but scanner data passes unscanned while no ClamAV database is in force: it is
/// how the first database arrives (scan.skipped).
/// </summary>
internal sealed class ScanGate(ScanRepository scans, BatchRepository batches, ActiveScannerData data, IScanDispatch dispatch, TimeProvider clock)
    : IBatchGate
{
    public string Name => "scan";

    public string HoldState => BatchStates.Scanning;

    public string RefusedState => BatchStates.Refused;

    public async Task<GateVerdict> EvaluateAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        if (!await data.ScanningOnAsync(cancellationToken))
        {
            return GateVerdict.Pass;
        }

        if (await scans.AlteredAsync(batch.Id, cancellationToken) is { } altered)
        {
            return GateVerdict.Hold($"[{ScanReasons.ResultsAltered}] {altered}, outside the product; `highside batch rescan {batch.Id}` scans it again");
        }

        var result = await scans.ResultAsync(batch.Id, cancellationToken);
        if (result is not { Succeeded: true } && await BootstrapAsync(batch, result, cancellationToken))
        {
            return GateVerdict.Pass;
        }

        if (result is null or { Outcome: ScanOutcome.Skipped })
        {
            await dispatch.RequestAsync(batch.Id, cancellationToken);
            result = await scans.ResultAsync(batch.Id, cancellationToken);
        }

        if (result is null or { Outcome: ScanOutcome.Skipped })
        {
            return GateVerdict.Hold("the malware scan");
        }

        if (!result.Succeeded)
        {
            return GateVerdict.Hold($"the scan failed ({ScannerFailedException.ReasonCode}): {result.Error}; "
                + $"`highside batch rescan {batch.Id}` scans it again");
        }

        var findings = await scans.FindingsAsync(batch.Id, cancellationToken);
        if (findings.FirstOrDefault(f => f.Finding.Kind == ScanFindingKind.Signature) is { } unsigned)
        {
            return GateVerdict.Refuse(new Failure(ScanReasons.SignatureRequired,
                $"{unsigned.Finding.Subject}: {unsigned.Finding.Title} (checked against Policy:Cosign)"));
        }

        var malware = findings.Where(f => f.Finding.Kind == ScanFindingKind.Malware).ToList();
        if (malware.Count == 0)
        {
            return GateVerdict.Pass;
        }

        var first = malware[0].Finding;
        return GateVerdict.Refuse(new Failure(ScanReasons.MalwareFound, string.Create(CultureInfo.InvariantCulture,
            $"{malware.Count} malware finding(s): {first.Title} in {first.Subject} ({first.Scanner} {first.DataVersion})")));
    }

    // Without this a fresh high side could never scan: the batch bringing its first ClamAV database would wait for a database.
    // Once a database is in force, a skipped batch not yet past the gates is scanned like any other.
    private async Task<bool> BootstrapAsync(BatchRecord batch, ScanOutcome? result, CancellationToken cancellationToken)
    {
        if (await data.ClamAvDatabaseAsync(cancellationToken) is not null)
        {
            return false;
        }

        var artifacts = await batches.ArtifactsAsync(batch.Id, cancellationToken);
        if (artifacts.Count == 0 || artifacts.Any(a => a.Kind != ArtifactKinds.ScannerData))
        {
            return false;
        }

        if (result is not { Outcome: ScanOutcome.Skipped })
        {
            const string why = "a batch of scanner data only, and no ClamAV database is in force to scan it with";
            var skipped = new ScanOutcome
            {
                BatchId = batch.Id,
                Outcome = ScanOutcome.Skipped,
                DataVersions = "",
                Error = why,
                FinishedUtc = clock.GetUtcNow(),
            };
            await scans.SaveAsync(skipped, [], "scan.skipped", new { reason = why, artifacts = artifacts.Select(a => a.Name) }, cancellationToken);
        }

        return true;
    }
}
