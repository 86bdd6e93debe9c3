using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>Scan results and findings per batch; a new result replaces the batch's previous one with its findings.</summary>
internal sealed class ScanRepository(Database database, AuditTrail audit)
{
    private const string ResultShaProperty = "resultSha256";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Each artifact's name by its position, for naming findings in the review (what is scanned is read from quarantine).</summary>
    public async Task<IReadOnlyDictionary<long, string>> ArtifactNamesAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Position, string Name)>(new CommandDefinition(
            """SELECT position, name FROM batch_artifacts WHERE batch_id = @batchId""", new { batchId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Position, r => r.Name);
    }

    public async Task<ScanOutcome?> ResultAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ScanOutcome>(new CommandDefinition(
            """
            SELECT batch_id AS BatchId, outcome AS Outcome, data_versions AS DataVersions, data_time_utc AS DataTimeUtc, error AS Error,
                files AS Files, finished_utc AS FinishedUtc
            FROM scan_results WHERE batch_id = @batchId
            """, new { batchId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<StoredFinding>> FindingsAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FindingRow>(new CommandDefinition(
            """
            SELECT position AS Position, id AS Id, kind AS Kind, scanner AS Scanner, severity AS Severity, subject AS Subject, title AS Title,
                data_version AS DataVersion, package AS Package, installed_version AS InstalledVersion, fixed_version AS FixedVersion
            FROM scan_findings WHERE batch_id = @batchId ORDER BY position, id
            """, new { batchId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToStored())];
    }

    /// <summary>Replaces the batch's result and findings, with the audit entry, in one transaction.</summary>
    public async Task SaveAsync(ScanOutcome outcome, IReadOnlyList<StoredFinding> findings, string action, object details,
        CancellationToken cancellationToken)
    {
        await using var transaction = await audit.BeginAsync(cancellationToken);
        var (connection, sql) = (transaction.Connection, transaction.Transaction);
        var batch = new { batchId = outcome.BatchId };
        await connection.ExecuteAsync(new CommandDefinition("""DELETE FROM scan_findings WHERE batch_id = @batchId""", batch, sql,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""DELETE FROM scan_results WHERE batch_id = @batchId""", batch, sql,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO scan_results (batch_id, outcome, data_versions, data_time_utc, error, files, finished_utc)
            VALUES (@BatchId, @Outcome, @DataVersions, @DataTimeUtc, @Error, @Files, @FinishedUtc)
            """, outcome, sql, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO scan_findings (batch_id, id, position, kind, scanner, severity, subject, title, data_version, package,
                installed_version, fixed_version)
            VALUES (@BatchId, @Id, @Position, @Kind, @Scanner, @Severity, @Subject, @Title, @DataVersion, @Package, @InstalledVersion,
                @FixedVersion)
            ON CONFLICT DO NOTHING
            """, findings.Select(f => FindingRow.From(outcome.BatchId, f)), sql, cancellationToken: cancellationToken));
        var recorded = JsonSerializer.SerializeToNode(details, details.GetType(), JsonOptions)!.AsObject();
        recorded[ResultShaProperty] = ResultSha256(outcome.Outcome, findings);
        await transaction.RecordAsync(AuditTrail.System, action, outcome.BatchId, JsonSerializer.SerializeToElement(recorded), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Why the batch's scan result and findings are not what the audit entry of its latest scan recorded (each scan's entry
    /// carries the SHA-256 of its outcome and findings, written in the same transaction), or null when they are. Rows
    /// deleted or edited with the database's own client, to hide malware or a finding, show here.
    /// </summary>
    public async Task<string?> AlteredAsync(string batchId, CancellationToken cancellationToken)
    {
        var entries = await LatestScanEntryAsync(batchId, cancellationToken);
        var result = await ResultAsync(batchId, cancellationToken);
        if (entries.Count == 0)
        {
            return result is null ? null : "the batch has a scan result that no scan recorded";
        }

        var latest = entries[0];
        if (latest.Action == "scan.rescan-requested")
        {
            return result is null ? null : $"the batch has a scan result, but audit entry {latest.Sequence} forgot it for a rescan";
        }

        if (AuditDetails.Parse(latest.Details).Text(ResultShaProperty) is not { } sha)
        {
            return null;
        }

        return result is null ? $"the scan result audit entry {latest.Sequence} recorded is gone"
            : ResultSha256(result.Outcome, await FindingsAsync(batchId, cancellationToken)) != sha
                ? $"the scan result and findings are not the ones audit entry {latest.Sequence} recorded"
                : null;
    }

    /// <summary>
    /// The batch's scan as the audit trail last recorded it, for an approval statement's scan line: the outcome
    /// (<c>completed</c>, <c>failed</c>, <c>skipped</c>) and the SHA-256 its entry recorded of the outcome and findings (of the
    /// rows, for a scan recorded before entries carried it); null when no scan is recorded or it was forgotten for a rescan.
    /// </summary>
    public async Task<string?> RecordedStateAsync(string batchId, CancellationToken cancellationToken)
    {
        var entries = await LatestScanEntryAsync(batchId, cancellationToken);
        if (entries.Count == 0 || entries[0].Action == "scan.rescan-requested")
        {
            return null;
        }

        var sha = AuditDetails.Parse(entries[0].Details).Text(ResultShaProperty);
        if (sha is null && await ResultAsync(batchId, cancellationToken) is { } result)
        {
            sha = ResultSha256(result.Outcome, await FindingsAsync(batchId, cancellationToken));
        }

        return sha is null ? null : entries[0].Action["scan.".Length..] + " " + sha;
    }

    private async Task<List<(long Sequence, string Action, string Details)>> LatestScanEntryAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(long Sequence, string Action, string Details)>(new CommandDefinition(
            """
            SELECT sequence, action, details_json FROM audit_entries
            WHERE subject = @batchId AND action IN ('scan.completed', 'scan.failed', 'scan.skipped', 'scan.rescan-requested')
            ORDER BY sequence DESC LIMIT 1
            """, new { batchId }, cancellationToken: cancellationToken))).AsList();
    }

    // The outcome and each finding's id, kind, severity and subject, findings in id order, as JSON: what a gate decides by.
    private static string ResultSha256(string outcome, IReadOnlyList<StoredFinding> findings)
    {
        var decided = findings.Select(f => f.Finding).OrderBy(f => f.Id, StringComparer.Ordinal)
            .Select(f => new[] { f.Id, f.Kind.ToString(), f.Severity.ToString(), f.Subject });
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { outcome, findings = decided })));
    }

    /// <summary>Forgets the batch's result, so that the scan gate scans it again.</summary>
    public async Task ForgetAsync(string batchId, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await audit.BeginAsync(cancellationToken);
        foreach (var table in new[] { "scan_findings", "scan_results" })
        {
            await transaction.Connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE batch_id = @batchId", new { batchId },
                transaction.Transaction, cancellationToken: cancellationToken));
        }

        await transaction.RecordAsync(actor, "scan.rescan-requested", batchId, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record FindingRow(long Position, string Id, string Kind, string Scanner, string Severity, string Subject, string Title,
        string? DataVersion, string? Package, string? InstalledVersion, string? FixedVersion)
    {
        public string? BatchId { get; init; }

        public static FindingRow From(string batchId, StoredFinding stored)
        {
            var f = stored.Finding;
            return new FindingRow(stored.Position, f.Id, f.Kind.ToString(), f.Scanner, f.Severity.ToString(), f.Subject, f.Title, f.DataVersion,
                f.Package, f.InstalledVersion, f.FixedVersion)
            { BatchId = batchId };
        }

        public StoredFinding ToStored() => new(Position, new ScanFinding(Id, Enum.Parse<ScanFindingKind>(Kind), Scanner,
            Enum.Parse<ScanSeverity>(Severity), Subject, Title, DataVersion, Package, InstalledVersion, FixedVersion));
    }
}
