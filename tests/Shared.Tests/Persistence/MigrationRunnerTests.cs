using Dapper;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Persistence;

public sealed class MigrationRunnerTests
{
    private static readonly Migration[] Migrations =
    [
        new(1, "create-batches", "CREATE TABLE batches (id TEXT PRIMARY KEY, state TEXT NOT NULL);"),
        new(2, "create-approvals", """
            CREATE TABLE approvals (batch_id TEXT NOT NULL REFERENCES batches (id), officer TEXT NOT NULL);
            CREATE INDEX ix_approvals_batch ON approvals (batch_id);
            """),
        new(3, "add-batch-size", "ALTER TABLE batches ADD COLUMN size INTEGER NOT NULL DEFAULT 0;"),
    ];

    private TempDirectory _temp = null!;
    private SqliteDatabase _database = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _database = new SqliteDatabase(_temp.Combine("state.db"));
        _clock = new FakeTimeProvider();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _database.DisposeAsync();
        _temp.Dispose();
    }

    [Test]
    public async Task RunAsync_FreshDatabase_AppliesAllInOrderAndRecordsThem()
    {
        var applied = await Runner(Migrations).RunAsync(CancellationToken.None);

        await using var connection = await _database.OpenAsync(CancellationToken.None);
        var history = (await connection.QueryAsync<(long Version, string Name, string AppliedUtc)>(
            "SELECT version, name, applied_utc FROM schema_migrations ORDER BY version")).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(applied.Select(m => m.Version), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(history.Select(h => h.Name), Is.EqualTo(new[] { "create-batches", "create-approvals", "add-batch-size" }));
            Assert.That(history.Select(h => h.AppliedUtc), Is.All.EqualTo("2025-01-01T00:00:00.0000000+00:00"));
            Assert.That(await connection.ExecuteAsync("INSERT INTO batches (id, state, size) VALUES ('b1', 'new', 10)"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task RunAsync_SecondStart_IsNoOp()
    {
        await Runner(Migrations).RunAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));

        var applied = await Runner(Migrations).RunAsync(CancellationToken.None);

        await using var connection = await _database.OpenAsync(CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(applied, Is.Empty);
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations"), Is.EqualTo(3));
            Assert.That(
                await connection.ExecuteScalarAsync<string>("SELECT max(applied_utc) FROM schema_migrations"),
                Is.EqualTo("2025-01-01T00:00:00.0000000+00:00"));
        }
    }

    [Test]
    public async Task RunAsync_NewerBuildWithOneMoreMigration_AppliesOnlyTheNewOne()
    {
        await Runner(Migrations[..2]).RunAsync(CancellationToken.None);

        var applied = await Runner(Migrations).RunAsync(CancellationToken.None);

        Assert.That(applied.Select(m => m.Name), Is.EqualTo(new[] { "add-batch-size" }));
    }

    [Test]
    public async Task RunAsync_DatabaseFromTheFuture_Refuses()
    {
        await Runner(Migrations).RunAsync(CancellationToken.None);

        var refusal = Assert.ThrowsAsync<MigrationRefusedException>(() => Runner(Migrations[..2]).RunAsync(CancellationToken.None));

        Assert.That(refusal.Message, Does.Contain("schema version 3").And.Contain("only up to version 2"));
    }

    [Test]
    public async Task RunAsync_EditedMigrationName_Refuses()
    {
        await Runner(Migrations).RunAsync(CancellationToken.None);
        Migration[] edited = [Migrations[0], Migrations[1] with { Name = "create-approvals-v2" }, Migrations[2]];

        var refusal = Assert.ThrowsAsync<MigrationRefusedException>(() => Runner(edited).RunAsync(CancellationToken.None));

        Assert.That(refusal.Message, Does.Contain("migration 2 as 'create-approvals'").And.Contain("'create-approvals-v2'"));
    }

    [Test]
    public async Task RunAsync_HistoryWithAHole_Refuses()
    {
        await Runner(Migrations).RunAsync(CancellationToken.None);
        await using (var connection = await _database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE version = 2");
        }

        var refusal = Assert.ThrowsAsync<MigrationRefusedException>(() => Runner(Migrations).RunAsync(CancellationToken.None));

        Assert.That(refusal.Message, Does.Contain("records migration 3 but not migration 2"));
    }

    [Test]
    public async Task RunAsync_FailingMigration_RollsItBackAndKeepsEarlierOnes()
    {
        Migration[] broken =
        [
            Migrations[0],
            new(2, "half-broken", "CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);"),
        ];

        Assert.That(async () => await Runner(broken).RunAsync(CancellationToken.None), Throws.Exception);

        await using var connection = await _database.OpenAsync(CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT max(version) FROM schema_migrations"), Is.EqualTo(1));
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE name = 'half'"), Is.Zero);
        }
    }

    [Test]
    public async Task RunAsync_SeveralProcessesStartingTogether_ApplyEachMigrationOnce()
    {
        var runs = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() =>
                new MigrationRunner(new SqliteDatabase(_temp.Combine("state.db")), Migrations, _clock).RunAsync(CancellationToken.None)));

        var results = await Task.WhenAll(runs);

        await using var connection = await _database.OpenAsync(CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Sum(r => r.Count), Is.EqualTo(3));
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations"), Is.EqualTo(3));
        }
    }

    [TestCase(new[] { 1, 3 })]
    [TestCase(new[] { 2, 3 })]
    [TestCase(new[] { 1, 1 })]
    public void Constructor_VersionsNotContiguousFromOne_Throws(int[] versions)
    {
        var migrations = versions.Select(v => new Migration(v, $"m{v}", "SELECT 1;"));

        Assert.That(() => Runner(migrations), Throws.ArgumentException);
    }

    private MigrationRunner Runner(IEnumerable<Migration> migrations) => new(_database, migrations, _clock);
}
