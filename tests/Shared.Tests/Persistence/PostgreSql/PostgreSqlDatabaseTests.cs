using Dapper;
using Npgsql;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Persistence.PostgreSql;

public sealed class PostgreSqlDatabaseTests
{
    private static readonly Migration[] Migrations =
    [
        Migration.Portable(1, "create-batches", "CREATE TABLE batches (id TEXT PRIMARY KEY, state TEXT NOT NULL);"),
        AuditMigrations.CreateTables(2),
        new(3, "add-batch-size", "ALTER TABLE batches ADD COLUMN size INTEGER NOT NULL DEFAULT 0;")
        {
            PostgreSql = "ALTER TABLE batches ADD COLUMN size BIGINT NOT NULL DEFAULT 0;",
        },
    ];

    private readonly List<Database> _databases = [];
    private TempDirectory _temp = null!;
    private string _connectionString = null!;

    [SetUp]
    public async Task SetUp()
    {
        _temp = new TempDirectory();
        _connectionString = await PostgreSqlTestServer.Server.CreateDatabaseAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        _temp.Dispose();
    }

    [Test]
    public async Task RunAsync_SixProcessesStartingTogether_ApplyEachMigrationOnce()
    {
        // Each runner has its own pool, as a process of its own would.
        var runners = Enumerable.Range(0, 6).Select(_ => new MigrationRunner(Open(), Migrations, new FakeTimeProvider())).ToList();

        var applied = await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunAsync(CancellationToken.None))));

        await using var connection = await Open().OpenAsync(CancellationToken.None);
        var recorded = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(recorded, Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(applied.SelectMany(a => a).Select(m => m.Version).Order(), Is.EqualTo(new[] { 1, 2, 3 }),
                "every migration applied by exactly one runner");
        }
    }

    [Test]
    public async Task RunAsync_MigrationWithoutPostgreSqlDdl_IsRefusedNamingIt()
    {
        var sqliteOnly = new Migration(4, "sqlite-only", "CREATE TABLE t (x INTEGER) STRICT;");
        var runner = new MigrationRunner(Open(), [.. Migrations, sqliteOnly], new FakeTimeProvider());

        var refused = Assert.ThrowsAsync<MigrationRefusedException>(() => runner.RunAsync(CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("migrations 4 exist only for Sqlite"));
    }

    [Test]
    public async Task OpenAsync_DatabaseDefaultsToAsynchronousCommit_ConnectionStillCommitsSynchronously()
    {
        var name = new NpgsqlConnectionStringBuilder(_connectionString).Database;
        await PostgreSqlTestServer.Server.ExecuteAsync($"ALTER DATABASE {name} SET synchronous_commit = off");

        await using var connection = await Open().OpenAsync(CancellationToken.None);

        Assert.That(await connection.ExecuteScalarAsync<string>("SHOW synchronous_commit"), Is.EqualTo("on"));
    }

    [Test]
    public async Task OpenAsync_ServerWithFsyncOff_IsRefused()
    {
        await PostgreSqlTestServer.Server.ExecuteAsync("ALTER SYSTEM SET fsync = off");
        await PostgreSqlTestServer.Server.ExecuteAsync("SELECT pg_reload_conf()");
        try
        {
            await Eventually.GetAsync(async () =>
            {
                await using var probe = new NpgsqlConnection(_connectionString);
                await probe.OpenAsync();
                return await probe.ExecuteScalarAsync<string>("SHOW fsync");
            }, fsync => fsync == "off", TimeSpan.FromSeconds(10), "the server to reload fsync=off");

            var refused = Assert.ThrowsAsync<DurabilityRefusedException>(() => Open().OpenAsync(CancellationToken.None));

            Assert.That(refused!.Message, Does.Contain("fsync=off"));
        }
        finally
        {
            await PostgreSqlTestServer.Server.ExecuteAsync("ALTER SYSTEM RESET fsync");
            await PostgreSqlTestServer.Server.ExecuteAsync("SELECT pg_reload_conf()");
        }
    }

    [Test]
    public async Task BeginWriteAsync_WhileAnotherWriterHoldsTheLock_WaitsForItsCommitAndSeesIt()
    {
        await new MigrationRunner(Open(), Migrations, new FakeTimeProvider()).RunAsync(CancellationToken.None);
        var database = Open();
        await using var first = await database.OpenAsync(CancellationToken.None);
        await using var firstWrite = await database.BeginWriteAsync(first, CancellationToken.None);
        await first.ExecuteAsync("INSERT INTO batches (id, state) VALUES ('b1', 'new')", transaction: firstWrite);

        var second = Task.Run(async () =>
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var write = await database.BeginWriteAsync(connection, CancellationToken.None);
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM batches", transaction: write);
        });
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var waited = !second.IsCompleted;
        await firstWrite.CommitAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(waited, Is.True, "the second writer began while the first held the writer lock");
            Assert.That(await second, Is.EqualTo(1), "the second writer sees what the first committed");
        }
    }

    [Test]
    public async Task AppendAsync_TwoProcessesAppendingAtOnce_ChainStaysOneUnbrokenLine()
    {
        await new MigrationRunner(Open(), Migrations, new FakeTimeProvider()).RunAsync(CancellationToken.None);
        var logs = Enumerable.Range(0, 2)
            .Select(i => new AuditLog(Open(), _temp.Combine($"process{i}", "audit.jsonl"), TimeProvider.System)).ToList();

        await Task.WhenAll(logs.Select((log, i) => Task.Run(async () =>
        {
            for (var n = 0; n < 25; n++)
            {
                await log.AppendAsync("tester", "test.appended", $"p{i}-{n}", null, CancellationToken.None);
            }
        })));

        var verification = await logs[0].VerifyAsync(CancellationToken.None);
        await using var connection = await Open().OpenAsync(CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(verification.IsValid, Is.True, verification.ToString());
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT MAX(sequence) FROM audit_entries"), Is.EqualTo(50));
        }
    }

    [Test]
    public async Task AuditEntries_UpdateDeleteOrTruncate_AreRefusedByTheDatabase()
    {
        await new MigrationRunner(Open(), Migrations, new FakeTimeProvider()).RunAsync(CancellationToken.None);
        await new AuditLog(Open(), _temp.Combine("audit.jsonl"), TimeProvider.System)
            .AppendAsync("tester", "test.appended", "x", null, CancellationToken.None);
        await using var connection = await Open().OpenAsync(CancellationToken.None);

        foreach (var tamper in (string[])["UPDATE audit_entries SET actor = 'mallory'", "DELETE FROM audit_entries", "TRUNCATE audit_entries"])
        {
            var refused = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(tamper));
            Assert.That(refused!.MessageText, Does.Contain("append-only"), tamper);
        }
    }

    private PostgreSqlDatabase Open()
    {
        var database = new PostgreSqlDatabase(_connectionString);
        _databases.Add(database);
        return database;
    }
}
