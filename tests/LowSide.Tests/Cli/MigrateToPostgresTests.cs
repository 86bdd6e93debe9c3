using System.Diagnostics;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using TransferPipeline.Hosting.Data.PostgreSqlMove;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Cli;

/// <summary>
/// `lowside db migrate-to-postgres` with the built executable: a SQLite site the real product filled is moved into an
/// empty database on the run's private PostgreSQL server, and the product then works on PostgreSQL as before.
/// </summary>
public sealed class MigrateToPostgresTests
{
    private static readonly ProductExecutable Cli = ProductExecutable.LowSide();

    [Test]
    public async Task Migrate_SiteWithHistory_RunsOnPostgreSqlWithTheSameStateAndChainAndCutsTheNextSequence()
    {
        await using var site = await FilledSiteAsync();
        var requestsBefore = await JsonOfAsync(site, "request", "list", "--json");
        var batchesBefore = await JsonOfAsync(site, "batch", "list", "--json");
        var entriesBefore = await CountInSqliteAsync(site, "audit_entries");
        // The connection string from the environment, with a password: the private server trusts loopback, so any password
        // connects, and it must never reach the configuration file.
        var target = await SharedServers.PostgreSql.Server.CreateDatabaseAsync();
        var withPassword = new NpgsqlConnectionStringBuilder(target) { Password = "s3cret-pw" }.ConnectionString;
        var lowside = ProductExecutable.LowSide(new Dictionary<string, string> { ["LOWSIDE__Database__ConnectionString"] = withPassword });

        var migrate = await lowside.RunAsync("db", "migrate-to-postgres", "--data", site.Data.Root);

        Assert.That(migrate.ExitCode, Is.EqualTo(ExitCodes.Ok), migrate.Combined);
        Assert.That(migrate.StandardOutput, Does.Contain("audit trail verified on PostgreSQL"));
        var config = File.ReadAllText(site.Data.ConfigFile);
        Assert.That((string?)JsonNode.Parse(config)!["Database"]!["Provider"], Is.EqualTo("PostgreSql"));
        Assert.That(config, Does.Not.Contain("s3cret-pw"));
        Assert.That(File.GetUnixFileMode(site.Data.ConfigFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.Exists(site.Data.DatabaseFile), Is.False, "nothing of the state lives in SQLite");
        Assert.That(Directory.GetFiles(site.Data.Root, "lowside.db.migrated-*"), Is.Not.Empty, "the SQLite file is renamed, not deleted");

        Assert.That(await JsonOfAsync(site, "request", "list", "--json"), Is.EqualTo(requestsBefore));
        Assert.That(await JsonOfAsync(site, "batch", "list", "--json"), Is.EqualTo(batchesBefore));
        var verify = await Cli.SucceedAsync("audit", "verify", "--data", site.Data.Root);
        Assert.That(verify.StandardOutput, Does.Contain($"OK: {entriesBefore + 1} entries verified"), "every entry, and the move's own");
        await using (var postgres = new NpgsqlConnection(target))
        {
            Assert.That(await postgres.ExecuteScalarAsync<string>("SELECT action FROM audit_entries ORDER BY sequence DESC LIMIT 1"),
                Is.EqualTo("database.migrated"));
            Assert.That(await postgres.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM request_blobs"), Is.GreaterThan(0));
            Assert.That(await postgres.QueryAsync<string>("SELECT user_name FROM api_tokens"), Is.EqualTo(new[] { "olga" }));
        }

        // The site goes on: a new request is gathered into PostgreSQL and cut as the next batch in the sequence.
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(SharedServers.Files.Write("files/migrate-after.bin", [1, 2, 3])));
        var cut = await Cli.RunAsync("batch", "cut", "--media", site.Root + "/media-2", "--data", site.Data.Root);
        Assert.That(cut.ExitCode, Is.EqualTo(ExitCodes.Ok), cut.Combined);
        Assert.That(cut.StandardOutput, Does.Contain("site-a-000002"));
    }

    [Test]
    public async Task Migrate_TargetHoldsTables_RefusedAndTheSiteStaysOnSqlite()
    {
        await using var site = await TestSite.CreateAsync(SharedServers.Files.Prefix + "files/");
        var target = await SharedServers.PostgreSql.CreateSiteDatabaseAsync();
        var configBefore = File.ReadAllText(site.Data.ConfigFile);

        var migrate = await Cli.RunAsync("db", "migrate-to-postgres", "--connection-string", target, "--data", site.Data.Root);

        Assert.That(migrate.ExitCode, Is.EqualTo(ExitCodes.Failed), migrate.Combined);
        Assert.That(migrate.StandardError, Does.Contain($"[{MoveReasons.TargetNotEmpty}]"));
        Assert.That(File.ReadAllText(site.Data.ConfigFile), Is.EqualTo(configBefore));
        Assert.That(File.Exists(site.Data.DatabaseFile), Is.True);
    }

    [Test]
    public async Task Migrate_WhileTheDaemonRuns_RefusedAndNothingIsCreatedInPostgreSql()
    {
        await using var site = await TestSite.CreateAsync(SharedServers.Files.Prefix + "files/");
        var target = await SharedServers.PostgreSql.Server.CreateDatabaseAsync();
        ProcessResult migrate;
        await using (var daemon = await site.ServeAsync())
        {
            await Eventually.GetAsync(
                () => CountInSqliteAsync(site, "workers"), rows => rows > 0, TimeSpan.FromSeconds(20), "the daemon's heartbeat");
            migrate = await Cli.RunAsync("db", "migrate-to-postgres", "--connection-string", target, "--data", site.Data.Root);
        }

        Assert.That(migrate.ExitCode, Is.EqualTo(ExitCodes.Failed), migrate.Combined);
        Assert.That(migrate.StandardError, Does.Contain($"[{MoveReasons.SiteRunning}]"));
        await using var postgres = new NpgsqlConnection(target);
        Assert.That(await postgres.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"), Is.Zero);
        Assert.That(File.Exists(site.Data.DatabaseFile), Is.True);
    }

    /// <summary>
    /// What an insider or a damaged file leaves in SQLite, written with the stock sqlite3 tool: each is found before anything is
    /// kept in PostgreSQL, with its reason, and the site stays on SQLite as it was.
    /// </summary>
    [TestCase("DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET subject = 'nothing to see' WHERE sequence = 2;",
        MoveReasons.AuditChainBroken, TestName = "Migrate_AuditEntryRewrittenWithSqlite3_RefusedAuditChainBroken")]
    [TestCase("ALTER TABLE requests ADD COLUMN smuggled TEXT;",
        MoveReasons.SchemaMismatch, TestName = "Migrate_ColumnAddedOutsideTheMigrations_RefusedSchemaMismatch")]
    [TestCase("UPDATE requests SET attempts = 'many';",
        MoveReasons.ValueNotConvertible, TestName = "Migrate_TextInAnIntegerColumn_RefusedValueNotConvertible")]
    [TestCase("UPDATE requests SET parent_id = 'no-such-request' WHERE id NOT IN (SELECT request_id FROM request_blobs);",
        MoveReasons.VerificationFailed, TestName = "Migrate_RequestWhoseParentIsMissing_RefusedVerificationFailed")]
    [TestCase("UPDATE requests SET parent_id = 'no-such-request' WHERE id IN (SELECT request_id FROM request_blobs);",
        MoveReasons.ConstraintViolated, TestName = "Migrate_GatheredRequestWhoseParentIsMissing_RefusedConstraintViolated")]
    public async Task Migrate_SqliteFileAlteredByHand_RefusedWithItsReasonAndNothingKept(string sql, string reason)
    {
        await using var site = await TestSite.CreateAsync(SharedServers.Files.Prefix + "files/");
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(SharedServers.Files.Write("files/migrate-altered.bin", [4, 5, 6])));
        await TestRequests.SubmitAsync(site, TestRequests.File(SharedServers.Files.Prefix + "files/migrate-altered-waiting.bin"));
        await OperatorSqlShell.Sqlite(site.Data.DatabaseFile).RunAsync(sql);
        var configBefore = File.ReadAllText(site.Data.ConfigFile);
        var target = await SharedServers.PostgreSql.Server.CreateDatabaseAsync();

        var migrate = await Cli.RunAsync("db", "migrate-to-postgres", "--connection-string", target, "--data", site.Data.Root);

        Assert.That(migrate.ExitCode, Is.EqualTo(ExitCodes.Failed), migrate.Combined);
        Assert.That(migrate.StandardError, Does.Contain($"[{reason}]"));
        Assert.That(File.ReadAllText(site.Data.ConfigFile), Is.EqualTo(configBefore));
        Assert.That(File.Exists(site.Data.DatabaseFile), Is.True);
        await using var postgres = new NpgsqlConnection(target);
        Assert.That(await postgres.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"), Is.Zero,
            "the schema was created inside the refused transaction");
    }

    /// <summary>The speed of a move on a site with 10,000 requests: run by hand, it prints rows per second.</summary>
    [Test]
    [Explicit("a measurement, not a check: about a minute")]
    public async Task Migrate_TenThousandRequests_PrintsRowsPerSecond()
    {
        await using var site = await TestSite.CreateAsync(SharedServers.Files.Prefix + "files/");
        var gathered = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(SharedServers.Files.Write("files/migrate-speed.bin", [7])));
        await using (var sqlite = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + site.Data.DatabaseFile))
        {
            await sqlite.OpenAsync();
            await using var transaction = await sqlite.BeginTransactionAsync();
            // Copies of the gathered request with their blob rows: what 10,000 real requests leave in the tables.
            await sqlite.ExecuteAsync("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
                INSERT INTO requests (id, kind, source, name, version, platforms, expected_sha256, requester, justification, ticket, status,
                    failure, resolved_digest, media_type, attempts, created_utc, updated_utc, requester_name, published_utc, failure_code,
                    parent_id, origin, document, claimed_by, claim_expires_utc)
                SELECT r.id || '-' || n.i, kind, source, name, version, platforms, expected_sha256, requester, justification, ticket, status,
                    failure, resolved_digest, media_type, attempts, created_utc, updated_utc, requester_name, published_utc, failure_code,
                    parent_id, origin, document, claimed_by, claim_expires_utc
                FROM requests r, n WHERE r.id = @Id;
                INSERT INTO request_blobs (request_id, position, digest, size)
                SELECT r.id, b.position, b.digest, b.size FROM requests r JOIN request_blobs b ON b.request_id = @Id WHERE r.id LIKE @Id || '-%';
                """, new { gathered.Id }, transaction);
            await transaction.CommitAsync();
        }

        var target = await SharedServers.PostgreSql.Server.CreateDatabaseAsync();
        var clock = Stopwatch.StartNew();
        var migrate = await Cli.RunAsync("db", "migrate-to-postgres", "--connection-string", target, "--data", site.Data.Root, "--json");
        clock.Stop();

        Assert.That(migrate.ExitCode, Is.EqualTo(ExitCodes.Ok), migrate.Combined);
        var summary = JsonNode.Parse(migrate.StandardOutput)!;
        TestContext.Out.WriteLine($"{summary["rows"]} rows in {summary["elapsed"]} ({summary["rowsPerSecond"]} rows/s); process {clock.Elapsed}");
        Assert.That((long)summary["rows"]!, Is.GreaterThan(20_000));
    }

    /// <summary>
    /// A SQLite site the product filled: two gathered requests cut into a batch, one waiting, a user with a token, their audit entries.
    /// </summary>
    private static async Task<TestSite> FilledSiteAsync()
    {
        var site = await TestSite.CreateAsync(SharedServers.Files.Prefix + "files/");
        for (var i = 0; i < 2; i++)
        {
            var url = SharedServers.Files.Write($"files/migrate-{i}.bin", System.Security.Cryptography.RandomNumberGenerator.GetBytes(2000));
            await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url));
        }

        await Cli.SucceedAsync("batch", "cut", "--media", site.Media, "--data", site.Data.Root);
        await TestRequests.SubmitAsync(site, TestRequests.File(SharedServers.Files.Prefix + "files/migrate-waiting.bin"));
        await site.TokenAsync("olga", "operator");
        return site;
    }

    private static async Task<long> CountInSqliteAsync(TestSite site, string table)
    {
        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + site.Data.DatabaseFile);
        return await sqlite.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    private static async Task<string> JsonOfAsync(TestSite site, params string[] arguments) =>
        (await Cli.SucceedAsync([.. arguments, "--data", site.Data.Root])).StandardOutput;
}
