using System.Text.RegularExpressions;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Metrics;

/// <summary>
/// Counts what the audit trail records, once committed: every `*.refused` event by its reason code, requests gathered,
/// batches cut, volumes imported, batches published and their bytes, scan findings. The audit entry is where both sides
/// already state each of these once, so no code path can do the work and forget the count.
/// </summary>
internal sealed partial class AuditMetrics(PipelineMetrics metrics) : IAuditSink
{
    private const string Unspecified = "unspecified";
    private const string Withheld = "withheld";

    public static readonly string[] FindingKinds = ["malware", "vulnerability", "other"];

    public string Name => "metrics";

    public Task SendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            Count(entry);
        }

        return Task.CompletedTask;
    }

    private void Count(AuditEntry entry)
    {
        if (entry.Action.EndsWith(".refused", StringComparison.Ordinal))
        {
            metrics.Refusals.Add(1, new("event", entry.Action), new("reason", ReasonOf(entry)));
            return;
        }

        switch (entry.Action)
        {
            case "request.gathered":
                metrics.RequestsGathered.Add(1);
                metrics.GatheredBytes.Add(AuditDetails.Of(entry).Number("bytes") ?? 0);
                break;
            case "batch.shipped":
                metrics.BatchesCut.Add(1);
                metrics.BatchSize.Record(AuditDetails.Of(entry).Number("payloadBytes") ?? 0, new KeyValuePair<string, object?>("step", "cut"));
                break;
            case "volume.imported":
                metrics.VolumesImported.Add(1);
                break;
            case "batch.published":
                var bytes = AuditDetails.Of(entry).Number("bytes") ?? 0;
                metrics.BatchesPublished.Add(1);
                metrics.PublishedBytes.Add(bytes);
                metrics.BatchSize.Record(bytes, new KeyValuePair<string, object?>("step", "publish"));
                break;
            case "scan.completed":
                CountFindings(AuditDetails.Of(entry));
                break;
        }
    }

    private void CountFindings(AuditDetails details)
    {
        var malware = details.Number("malware") ?? 0;
        var vulnerabilities = details.Number("vulnerabilities") ?? 0;
        var other = Math.Max(0, (details.Number("findings") ?? 0) - malware - vulnerabilities);
        metrics.ScanFindings.Add(malware, new KeyValuePair<string, object?>("kind", "malware"));
        metrics.ScanFindings.Add(vulnerabilities, new KeyValuePair<string, object?>("kind", "vulnerability"));
        metrics.ScanFindings.Add(other, new KeyValuePair<string, object?>("kind", "other"));
    }

    // A reason code is a short kebab-case word; anything else (a sentence some older event carries) would make a label per message.
    // A refused sign-in is counted without its reason: by reason, the count would tell whoever reads /metrics whether a
    // name they tried is an account, which the refusal itself does not say. The audit trail keeps the reason.
    private static string ReasonOf(AuditEntry entry)
    {
        if (entry.Action == "signin.refused")
        {
            return Withheld;
        }

        var details = AuditDetails.Of(entry);
        return new[] { details.Text("reason"), details.Text("code") }.FirstOrDefault(r => r is not null && ReasonCode().IsMatch(r)) ?? Unspecified;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReasonCode();
}
