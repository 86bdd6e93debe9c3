using System.Globalization;
using Microsoft.Extensions.Options;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// Which of a batch's findings block it until officers waive them: every finding but malware at or above
/// Policy:Scan:BlockAt, and scanner data older than Policy:Scan:MaxDataAge when the scan ran, as a finding of its own.
/// </summary>
internal sealed class ScanPolicy(ScanRepository scans, IOptions<ScanPolicyOptions> options)
{
    public ScanSeverity BlockAt => options.Value.BlockAt;

    public async Task<IReadOnlyList<StoredFinding>> BlockingAsync(string batchId, CancellationToken cancellationToken)
    {
        var result = await scans.ResultAsync(batchId, cancellationToken);
        if (result is not { Succeeded: true })
        {
            return [];
        }

        var blocking = (await scans.FindingsAsync(batchId, cancellationToken))
            .Where(f => f.Finding.Kind is not (ScanFindingKind.Malware or ScanFindingKind.Signature) && f.Finding.Severity >= options.Value.BlockAt)
            .ToList();
        if (Stale(result) is { } stale)
        {
            blocking.Insert(0, new StoredFinding(-1, stale));
        }

        return blocking;
    }

    private ScanFinding? Stale(ScanOutcome result)
    {
        if (result.DataTimeUtc is not { } made || result.FinishedUtc - made <= options.Value.MaxDataAge)
        {
            return null;
        }

        var age = (result.FinishedUtc - made).TotalDays.ToString("0", CultureInfo.InvariantCulture);
        return new ScanFinding($"stale-data:{result.DataVersions}", ScanFindingKind.Policy, "policy", ScanSeverity.Critical, "scanner data",
            $"the scanner data was {age} days old when the batch was scanned (Policy:Scan:MaxDataAge {options.Value.MaxDataAge.TotalDays:0} days)",
            result.DataVersions);
    }
}
