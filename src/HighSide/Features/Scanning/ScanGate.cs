using System.Globalization;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// The malware scan as a gate: held in `scanning` until the batch has a scan result, refused when any blob carries
/// malware (nothing of such a batch is publishable), held while the latest scan failed.
/// </summary>
internal sealed class ScanGate(ScanRepository scans, ActiveScannerData data, IScanDispatch dispatch) : IBatchGate
{
    public string Name => "scan";

    public string HoldState => BatchStates.Scanning;

    public string RefusedState => BatchStates.Refused;

    public async Task<GateVerdict> EvaluateAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        if (!data.ScanningOn)
        {
            return GateVerdict.Pass;
        }

        var result = await scans.ResultAsync(batch.Id, cancellationToken);
        if (result is null)
        {
            await dispatch.RequestAsync(batch.Id, cancellationToken);
            result = await scans.ResultAsync(batch.Id, cancellationToken);
        }

        if (result is null)
        {
            return GateVerdict.Hold("the malware scan");
        }

        if (!result.Succeeded)
        {
            return GateVerdict.Hold($"the scan failed ({ScannerFailedException.ReasonCode}): {result.Error}; "
                + $"`highside batch rescan {batch.Id}` scans it again");
        }

        var malware = (await scans.FindingsAsync(batch.Id, cancellationToken)).Where(f => f.Finding.Kind == ScanFindingKind.Malware).ToList();
        if (malware.Count == 0)
        {
            return GateVerdict.Pass;
        }

        var first = malware[0].Finding;
        return GateVerdict.Refuse(new Failure(ScanReasons.MalwareFound, string.Create(CultureInfo.InvariantCulture,
            $"{malware.Count} malware finding(s): {first.Title} in {first.Subject} ({first.Scanner} {first.DataVersion})")));
    }
}
