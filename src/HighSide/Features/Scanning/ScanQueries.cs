using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>The scan part of a batch's review packet (`highside batch show`, the API, the console).</summary>
internal sealed class ScanQueries(ScanRepository scans, ScanPolicy policy)
{
    public async Task<ScanReport?> ReportAsync(string batchId, CancellationToken cancellationToken)
    {
        var result = await scans.ResultAsync(batchId, cancellationToken);
        if (result is null)
        {
            return null;
        }

        var names = await scans.ArtifactNamesAsync(batchId, cancellationToken);
        var blocking = await policy.BlockingAsync(batchId, cancellationToken);
        var blockingIds = blocking.Select(b => b.Finding.Id).ToHashSet(StringComparer.Ordinal);
        var findings = blocking.Where(b => b.Position < 0)
            .Concat(await scans.FindingsAsync(batchId, cancellationToken))
            .Select(f => new ReportedFinding(names.GetValueOrDefault(f.Position, "(batch)"), f.Finding, blockingIds.Contains(f.Finding.Id)))
            .OrderBy(f => f.Finding.Kind is not (ScanFindingKind.Malware or ScanFindingKind.Signature))
            .ThenByDescending(f => f.Finding.Severity)
            .ThenBy(f => f.Finding.Id, StringComparer.Ordinal)
            .ToList();
        return new ScanReport(result.Outcome, result.DataVersions, result.DataTimeUtc, result.Error, result.Files, result.FinishedUtc,
            policy.BlockAt.ToString(), findings);
    }
}
