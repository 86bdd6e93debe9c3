using System.Data.Common;
using System.Globalization;
using Dapper;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>
/// Roster documents (proposed, in force, stale) and the signatures officers made over them. Nothing read
/// from here is believed until <see cref="RosterChain"/> has verified it: a row gives no power by itself.
/// </summary>
internal sealed class RosterRepository(Database database)
{
    private const string Columns = """
        sha256 AS Sha256, version AS Version, change_text AS Change, state AS State, proposed_by AS ProposedBy, created_utc AS CreatedUtc
        """;

    /// <summary>Every document with its signatures, parsed; rows that do not parse are left out (they could not verify anyway).</summary>
    public async Task<IReadOnlyList<(SignedRoster Roster, string State, DateTimeOffset CreatedUtc)>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var documents = await connection.QueryAsync<RosterDocumentRow>(new CommandDefinition(
            """
            SELECT sha256 AS Sha256, document AS Document, state AS State, created_utc AS CreatedUtc
            FROM roster_documents ORDER BY version, created_utc
            """,
            cancellationToken: cancellationToken));
        var signatures = (await connection.QueryAsync<(string Sha256, string Signature)>(new CommandDefinition(
                """SELECT sha256, signature FROM roster_signatures""", cancellationToken: cancellationToken)))
            .ToLookup(s => s.Sha256, s => s.Signature, StringComparer.Ordinal);
        var all = new List<(SignedRoster, string, DateTimeOffset)>();
        foreach (var row in documents)
        {
            try
            {
                var document = RosterFormat.Parse(row.Document);
                var parsed = signatures[row.Sha256].Select(MinisignSignature.Parse).ToList();
                all.Add((new SignedRoster(row.Document, document, RosterFormat.Sha256(row.Document), parsed), row.State, Time(row.CreatedUtc)));
            }
            catch (Exception ex) when (ex is FormatException or MinisignFormatException)
            {
                // Not a document or a signature this side wrote: it counts for nothing.
            }
        }

        return all;
    }

    /// <summary>
    /// The roster versions the audit trail records as having come into force, each with its document's SHA-256 (the
    /// entry's subject). A version removed from the tables still shows here, and a document written into them under a
    /// version the trail already records is not that version. Changing either means cutting or rewriting the trail,
    /// which shows against its anchors.
    /// </summary>
    /// <remarks>
    /// The first entry for a version is the one that holds: an entry appended later (which needs no history rewritten)
    /// cannot replace it. The details are parsed here rather than in SQL: PostgreSQL 15 cannot test text for valid JSON
    /// without failing the query, and a malformed entry must count for nothing, not stop the roster from loading.
    /// Roster changes are few.
    /// </remarks>
    public async Task<IReadOnlyDictionary<long, string>> AuditedVersionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var entries = await connection.QueryAsync<(string Subject, string Details)>(new CommandDefinition(
            """SELECT subject, details_json FROM audit_entries WHERE action = 'roster.changed' ORDER BY sequence""",
            cancellationToken: cancellationToken));
        var versions = new Dictionary<long, string>();
        foreach (var (subject, details) in entries)
        {
            if (AuditedVersion(details) is var version and > 0)
            {
                versions.TryAdd(version, subject);
            }
        }

        return versions;
    }

    public async Task<IReadOnlyList<RosterProposal>> ProposalsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RosterProposalRow>(new CommandDefinition(
            $"""SELECT {Columns} FROM roster_documents ORDER BY version, created_utc""", cancellationToken: cancellationToken));
        var signers = (await connection.QueryAsync<(string Sha256, string Officer)>(new CommandDefinition(
                """SELECT sha256, officer FROM roster_signatures ORDER BY recorded_utc""", cancellationToken: cancellationToken)))
            .ToLookup(s => s.Sha256, s => s.Officer, StringComparer.Ordinal);
        return [.. rows.Select(r => new RosterProposal(r.Sha256, r.Version, r.Change, r.State, r.ProposedBy, Time(r.CreatedUtc), [.. signers[r.Sha256]]))];
    }

    public async Task<byte[]?> DocumentAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            """SELECT document FROM roster_documents WHERE sha256 = @sha256""", new { sha256 }, cancellationToken: cancellationToken));
    }

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, byte[] document, RosterDocument parsed, string sha256,
        string proposedBy, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO roster_documents (sha256, version, document, state, change_text, proposed_by, created_utc)
            VALUES (@sha256, @Version, @document, 'proposed', @Change, @proposedBy, @now)
            """, new { sha256, parsed.Version, document, parsed.Change, proposedBy, now }, transaction, cancellationToken: cancellationToken));

    public static Task AddSignatureAsync(DbConnection connection, DbTransaction transaction, string sha256, string rawKey, string officer,
        string signature, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO roster_signatures (sha256, raw_key, officer, signature, recorded_utc) VALUES (@sha256, @rawKey, @officer, @signature, @now)
            ON CONFLICT (sha256, raw_key) DO UPDATE SET signature = excluded.signature, recorded_utc = excluded.recorded_utc
            """, new { sha256, rawKey, officer, signature, now }, transaction, cancellationToken: cancellationToken));

    /// <summary>Marks the document in force and every other document of its version or below, still proposed, stale.</summary>
    public static async Task MarkInForceAsync(DbConnection connection, DbTransaction transaction, string sha256, long version,
        CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """UPDATE roster_documents SET state = 'in-force' WHERE sha256 = @sha256""", new { sha256 }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """UPDATE roster_documents SET state = 'stale' WHERE version <= @version AND state = 'proposed'""",
            new { version }, transaction, cancellationToken: cancellationToken));
    }

    // The version a roster.changed entry names, as a number or its decimal text; 0 when it names none.
    private static long AuditedVersion(string detailsJson) =>
        long.TryParse(AuditDetails.Parse(detailsJson).Text("version"), CultureInfo.InvariantCulture, out var version) ? version : 0;

    // Rows are read as text: a row someone wrote by hand must not stop the service from reading the rest.
    private static DateTimeOffset Time(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : DateTimeOffset.MaxValue;

    private sealed record RosterDocumentRow(string Sha256, byte[] Document, string State, string CreatedUtc);

    private sealed record RosterProposalRow(string Sha256, long Version, string Change, string State, string ProposedBy, string CreatedUtc);
}
