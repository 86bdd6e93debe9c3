using Dapper;
using Microsoft.Data.Sqlite;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Audit;

/// <summary>A migrated database in a temp directory with an audit log on it, and an attacker's SQL access.</summary>
internal sealed class AuditFixture : IDisposable
{
    public static readonly Migration[] Migrations =
    [
        AuditMigrations.CreateTables(1),
        new(2, "create-batches", "CREATE TABLE batches (id TEXT PRIMARY KEY, state TEXT NOT NULL);"),
    ];

    private static readonly string[] Actions = ["batch.imported", "approval.recorded", "batch.rejected", "trust.key-added"];

    private AuditFixture()
    {
        Temp = new TempDirectory();
        DatabasePath = Temp.Combine("data", "highside.db");
        Database = new SqliteDatabase(DatabasePath);
        Clock = new FakeTimeProvider();
        Log = new AuditLog(Database, Temp.Combine("audit", "audit.jsonl"), Clock);
    }

    public TempDirectory Temp { get; }

    public string DatabasePath { get; }

    public SqliteDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public AuditLog Log { get; }

    public static async Task<AuditFixture> CreateAsync()
    {
        var fixture = new AuditFixture();
        await new MigrationRunner(fixture.Database, Migrations, fixture.Clock).RunAsync(CancellationToken.None);
        return fixture;
    }

    /// <summary>Appends entries 1..count (or the next count), one simulated minute apart.</summary>
    public async Task<List<AuditEntry>> AppendManyAsync(int count)
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < count; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            entries.Add(await Log.AppendAsync(
                i % 2 == 0 ? "officer.alice" : "system",
                Actions[i % Actions.Length],
                $"batch-{i:D4}",
                new { index = i, site = "north" },
                CancellationToken.None));
        }

        return entries;
    }

    public async Task<List<AuditEntry>> ReadAllAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in Log.ReadAsync(0, CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>
    /// Runs SQL the way someone with write access to the file would: a plain connection, the
    /// append-only triggers dropped first.
    /// </summary>
    public async Task TamperAsync(string sql, object? parameters = null)
    {
        await using var connection = await OpenAsAttackerAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    /// <summary>
    /// Recomputes the links and hashes of every entry from <paramref name="fromSequence"/> on, as an
    /// attacker who knows the (public) format would after editing the log.
    /// </summary>
    public async Task RebuildChainFromAsync(long fromSequence)
    {
        await using var connection = await OpenAsAttackerAsync();
        var rows = (await connection.QueryAsync<Row>(
            "SELECT sequence, timestamp_utc AS Timestamp, actor, action, subject, details_json AS DetailsJson FROM audit_entries "
            + "WHERE sequence >= @fromSequence ORDER BY sequence",
            new { fromSequence })).ToList();
        var previousHash = await connection.ExecuteScalarAsync<string>(
            "SELECT hash FROM audit_entries WHERE sequence < @fromSequence ORDER BY sequence DESC LIMIT 1", new { fromSequence })
            ?? AuditEntry.GenesisHash;
        foreach (var row in rows)
        {
            var hash = AuditHasher.ComputeEntryHash(row.Sequence, row.Timestamp, row.Actor, row.Action, row.Subject, row.DetailsJson, previousHash);
            await connection.ExecuteAsync(
                "UPDATE audit_entries SET previous_hash = @previousHash, hash = @hash WHERE sequence = @Sequence",
                new { previousHash, hash, row.Sequence });
            previousHash = hash;
        }
    }

    /// <summary>Asserts that verification failed for <paramref name="status"/> and names <paramref name="firstBad"/>.</summary>
    public static void AssertFails(AuditVerification result, AuditVerificationStatus status, long? firstBad)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(status), result.Message);
            Assert.That(result.FirstBadSequence, Is.EqualTo(firstBad), result.Message);
            Assert.That(result.IsValid, Is.False);
        }
    }

    public void Dispose() => Temp.Dispose();

    private async Task<SqliteConnection> OpenAsAttackerAsync()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync("""
            DROP TRIGGER IF EXISTS audit_entries_no_update;
            DROP TRIGGER IF EXISTS audit_entries_no_delete;
            DROP TRIGGER IF EXISTS audit_checkpoints_no_update;
            DROP TRIGGER IF EXISTS audit_checkpoints_no_delete;
            """);
        return connection;
    }

    private sealed record Row(long Sequence, string Timestamp, string Actor, string Action, string Subject, string DetailsJson);
}
