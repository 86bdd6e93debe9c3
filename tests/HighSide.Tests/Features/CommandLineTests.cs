using System.Text.Json;
using Dapper;
using Npgsql;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features;

/// <summary>The operator's path through the real CLI: init, trust, officers, import, review, approve, publish.</summary>
public sealed class CommandLineTests
{
    [Test]
    public async Task Cli_InitTrustOfficersImportApprovePublish_EndToEnd()
    {
        using var root = new TempDirectory("highside-cli");

        await InitTrustOfficersImportApprovePublishAsync(root, ProductExecutable.HighSide());

        Assert.That(File.Exists(Path.Combine(root.Combine("data"), "highside.db")), Is.True);
    }

    [Test]
    public async Task Cli_OnPostgreSql_InitTrustOfficersImportApprovePublishAndServe_NoSqliteFileInTheDataDirectory()
    {
        using var root = new TempDirectory("highside-cli");
        var connectionString = await (await HighSideServers.PostgreSqlAsync()).Server.CreateDatabaseAsync();
        // Only init is told where the state goes; every later verb, and serve, reads it from highside.json.
        var init = ProductExecutable.HighSide(PostgreSqlServer.SideEnvironment("HIGHSIDE", connectionString));

        var cli = await InitTrustOfficersImportApprovePublishAsync(root, init);
        var port = FreePort.Next();
        await using (await ProductExecutable.HighSide(new Dictionary<string, string> { ["HIGHSIDE__Http__Urls"] = $"http://127.0.0.1:{port}" })
            .WithData(root.Combine("data")).StartServeAsync(new Uri($"http://127.0.0.1:{port}/health"), TimeSpan.FromSeconds(60)))
        {
        }

        var sqliteFiles = Directory.EnumerateFiles(root.Combine("data"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".db", StringComparison.Ordinal) || f.EndsWith("-wal", StringComparison.Ordinal) || IsSqliteDatabase(f))
            .ToList();
        Assert.That(sqliteFiles, Is.Empty, "nothing of the state lives in SQLite");
        Assert.That((await cli.SucceedAsync("batch", "list", "--json")).StandardOutput, Does.Contain("\"published\""));
        await using var connection = new NpgsqlConnection(connectionString);
        Assert.That(await connection.QueryAsync<string>("SELECT decision FROM approvals ORDER BY id"), Is.EqualTo(new[] { "approve", "approve" }));
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_entries WHERE action = 'batch.published'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Cli_SqliteSiteWithHistory_MigrateToPostgres_SameStateAndTheReplayOfAnImportedBatchStillRefused()
    {
        using var root = new TempDirectory("highside-cli");
        var cli = await InitTrustOfficersImportApprovePublishAsync(root, ProductExecutable.HighSide(), keepVolumeAt: root.Combine("media-copy"));
        var database = Path.Combine(root.Combine("data"), "highside.db");
        // Two activations of scanner data in the same instant: SQLite orders them by rowid, PostgreSQL by its identity column.
        await OperatorSqlShell.Sqlite(database).RunAsync("""
            INSERT INTO scanner_data (name, digest, directory, data_version, batch_id, activated_utc)
            VALUES ('grype', 'sha256:bb', 'b', '2', 'site-a-000001', '2026-12-01T00:00:00Z'),
                   ('grype', 'sha256:aa', 'a', '1', 'site-a-000001', '2026-12-01T00:00:00Z');
            """);
        var batchesBefore = (await cli.SucceedAsync("batch", "list", "--json")).StandardOutput;
        var connectionString = await (await HighSideServers.PostgreSqlAsync()).Server.CreateDatabaseAsync();

        var migrate = await cli.RunAsync("db", "migrate-to-postgres", "--connection-string", connectionString);

        Assert.That(migrate.ExitCode, Is.Zero, migrate.Combined);
        Assert.That(File.Exists(database), Is.False, "nothing of the state lives in SQLite");
        Assert.That((await cli.SucceedAsync("batch", "list", "--json")).StandardOutput, Is.EqualTo(batchesBefore));
        Assert.That((await cli.SucceedAsync("audit", "verify")).StandardOutput, Does.Contain("OK"));
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            Assert.That(await connection.QueryAsync<string>("SELECT digest FROM scanner_data ORDER BY activation"),
                Is.EqualTo(new[] { "sha256:bb", "sha256:aa" }), "activations keep the order SQLite's rowid gave them");
        }

        var replay = await cli.RunAsync("import", root.Combine("media-copy"));
        Assert.That(replay.ExitCode, Is.EqualTo(1), replay.Combined);
        Assert.That(replay.StandardError, Does.Contain("[replay]"), "the imported sequences moved with the state");
    }

    private static bool IsSqliteDatabase(string file)
    {
        Span<byte> header = stackalloc byte[16];
        using var stream = File.OpenRead(file);
        return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
            && header.SequenceEqual("SQLite format 3\0"u8);
    }

    /// <summary>
    /// The operator's path: init (with <paramref name="init"/>'s environment), trust the site key, found the roster, import a batch,
    /// review it, approve it with two officers (one by key, one by a detached minisign signature), publish, verify the audit trail,
    /// the same media inserted again skipped, and the same sequence cut again refused as a replay. Returns the CLI bound to the
    /// data directory; that second cut's volume is copied to <paramref name="keepVolumeAt"/> when given.
    /// </summary>
    private static async Task<ProductExecutable> InitTrustOfficersImportApprovePublishAsync(
        TempDirectory root, ProductExecutable init, string? keepVolumeAt = null)
    {
        using var scenario = new BatchScenario();
        scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        var data = root.Combine("data");
        var files = root.Combine("files");
        var cli = ProductExecutable.HighSide().WithData(data);
        var initialized = await init.WithData(data).RunAsync("init", "--site", "high-a", "--files", files, "--no-password");
        Assert.That(initialized.ExitCode, Is.Zero, initialized.ToString());
        var sitePub = root.Combine("site-a.pub");
        await File.WriteAllTextAsync(sitePub, scenario.Key.PublicKey.ToFileText());
        await cli.SucceedAsync("trust", "add", "--site", "site-a", "--key", sitePub);
        await OfficerCeremony.FoundAsync(cli, root.Path, "carol", "dave");

        var file = await SampleArtifacts.AddFileAsync(scenario.Store, "tool.bin", 50_000, seed: 4);
        var volume = (await scenario.WriteAsync([file])).VolumeDirectories[0];

        var import = await cli.SucceedAsync("import", volume);
        Assert.That(import.StandardOutput, Does.Contain("site-a-000001 awaiting-approval"));
        var list = JsonDocument.Parse((await cli.SucceedAsync("batch", "list", "--json")).StandardOutput);
        Assert.That(list.RootElement[0].GetProperty("state").GetString(), Is.EqualTo("awaiting-approval"));
        Assert.That(list.RootElement[0].GetProperty("artifacts").GetInt32(), Is.EqualTo(1));
        var show = await cli.SucceedAsync("batch", "show", "site-a-000001");
        Assert.That(show.StandardOutput, Does.Contain("tool.bin").And.Contain("requested by local:bob").And.Contain("first import"));
        var statement = await cli.SucceedAsync("batch", "statement", "site-a-000001");
        Assert.That(statement.StandardOutput, Does.StartWith("transferpipeline-approval v3\nbatch: site-a-000001\nmanifest-sha256: "));
        Assert.That(statement.StandardOutput, Does.Contain("\nscan: off\npublish-plan-sha256: "), "no scanner is set up here");
        Assert.That(statement.StandardOutput, Does.Contain($"\npublish: file {Path.Combine(files, "tool.bin")} sha256:"));
        await cli.SucceedAsync("approve", "site-a-000001", "--officer", "carol", "--key", root.Combine("carol.key"));
        var statementFile = root.Combine("statement.txt");
        await File.WriteAllTextAsync(statementFile, statement.StandardOutput);
        var signed = await ProcessRunner.RunAsync("minisign", ["-S", "-s", root.Combine("dave.key"), "-m", statementFile,
            "-t", "transferpipeline-approval batch:site-a-000001 decision:approve"], standardInput: "");
        Assert.That(signed.ExitCode, Is.Zero, signed.Combined);
        var second = await cli.SucceedAsync("approve", "site-a-000001", "--signature", statementFile + ".minisig");
        Assert.That(second.StandardOutput, Does.Contain("approved (2 of 2"));
        await cli.SucceedAsync("publish");
        Assert.That(File.Exists(Path.Combine(files, "tool.bin")), Is.True);
        await cli.SucceedAsync("audit", "verify");

        var reinserted = await cli.SucceedAsync("import", volume);
        Assert.That(reinserted.StandardOutput, Does.Contain("skipped: batch site-a-000001 is already published"));
        scenario.Clock.Advance(TimeSpan.FromMinutes(1));
        var recut = (await scenario.WriteAsync([file], mediaDirectory: root.Combine("media-again"))).VolumeDirectories[0];
        var replay = await cli.RunAsync("import", recut);
        Assert.That(replay.ExitCode, Is.EqualTo(1));
        Assert.That(replay.StandardError, Does.Contain("[replay]"));
        if (keepVolumeAt is not null)
        {
            DirectoryCopy.Recursive(recut, keepVolumeAt);
        }

        return cli;
    }

    [Test]
    public async Task Cli_ApproveWithWrongKeyForName_RefusedWithReason()
    {
        using var root = new TempDirectory("highside-cli");
        var cli = ProductExecutable.HighSide().WithData(root.Combine("data"));
        await cli.SucceedAsync("init", "--site", "high-a", "--no-password");
        await OfficerCeremony.FoundAsync(cli, root.Path, "carol", "dave");
        await cli.SucceedAsync("officer", "keygen", "--out", root.Combine("mallory"), "--no-password");

        var result = await cli.RunAsync("approve", "site-a-000001", "--officer", "carol", "--key", root.Combine("mallory.key"));

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardError, Does.Contain("[officer-key-mismatch]"));
    }

    [TestCase("approve")]
    [TestCase("import", "/nowhere", "--no-such-option")]
    [TestCase("no-such-verb")]
    public async Task AnyCommand_MalformedCommandLine_ExitsTwo(params string[] arguments)
    {
        using var root = new TempDirectory("highside-usage");

        var result = await ProductExecutable.HighSide().WithData(root.Path).RunAsync(arguments);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.StandardError, Does.StartWith("usage error: "));
    }
}
