using Microsoft.Data.Sqlite;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Cli;

/// <summary>
/// `lowside` as installed: the Native AOT front (src/LowSide.Front) answers `request list` itself and execs the full
/// executable for everything else. What it prints must be what the full executable prints, and wherever the full one would
/// migrate, refuse or fail, the full one must be the one that answers. Runs the published executables (scripts/test.sh).
/// </summary>
public sealed class LowSideFrontTests
{
    private static readonly Dictionary<string, string> Allowed = new() { ["LOWSIDE__Sources__Allowed__0"] = "https://files.example.org/" };

    private TempDirectory _root = null!;
    private string _data = null!;
    private string[] _ids = [];

    [SetUp]
    public async Task SetUp()
    {
        var front = ProductExecutable.LowSide();
        Assert.That(front.Program, Does.EndWith("/front/lowside"),
            "these tests run the published front: scripts/test.sh publishes it (scripts/publish.sh, TP_PUBLISHED_DIR)");
        _root = new TempDirectory("lowside-front");
        _data = _root.Combine("data");
        await front.SucceedAsync("init", "--data", _data, "--site", "site-a", "--no-password");
        var lowside = ProductExecutable.LowSide(Allowed).WithData(_data);
        var ids = new List<string>();
        foreach (var file in new[] { "tool-1.tar.gz", "tool-2.tar.gz" })
        {
            ids.Add((await lowside.SucceedAsync("request", "add", "file", "https://files.example.org/" + file,
                "--justification", "build tools", "--sha256", new string('a', 64))).StandardOutput.Trim());
        }

        ids.Add((await lowside.SucceedAsync("request", "add", "file", "https://files.example.org/tool-3.tar.gz",
            "--justification", "a ticket too", "--ticket", "CHG-7")).StandardOutput.Trim());
        _ids = [.. ids];
    }

    [TearDown]
    public void TearDown() => _root.Dispose();

    [TestCase("--data", "{data}", "request", "list")]
    [TestCase("request", "list", "--data", "{data}")]
    [TestCase("request", "--data={data}", "list", "--json")]
    [TestCase("--data", "{data}", "request", "list", "--json")]
    public async Task RequestList_ThroughTheFront_PrintsByteForByteWhatTheFullExecutablePrints(params string[] template)
    {
        var arguments = template.Select(a => a.Replace("{data}", _data, StringComparison.Ordinal)).ToArray();

        var front = await ProductExecutable.LowSide().RunAsync(arguments);
        var full = await ProductExecutable.LowSideFull().RunAsync(arguments);

        Assert.That(front.ExitCode, Is.EqualTo(ExitCodes.Ok), front.ToString());
        Assert.That(front.StandardOutputBytes, Is.EqualTo(full.StandardOutputBytes), $"front:\n{front}\nfull:\n{full}");
        Assert.That(front.StandardError, Is.Empty);
        foreach (var id in _ids)
        {
            Assert.That(front.StandardOutput, Does.Contain(id));
        }
    }

    [Test]
    public async Task RequestList_DataDirectoryFromTheEnvironment_TheSameAsTheFullExecutable()
    {
        var environment = new Dictionary<string, string> { ["LOWSIDE_DATA"] = _data };

        var front = await ProductExecutable.LowSide(environment).RunAsync("request", "list");
        var full = await ProductExecutable.LowSideFull(environment).RunAsync("request", "list");

        Assert.That(front.ExitCode, Is.EqualTo(ExitCodes.Ok), front.ToString());
        Assert.That(front.StandardOutputBytes, Is.EqualTo(full.StandardOutputBytes));
        Assert.That(front.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(_ids.Length));
    }

    // Without the full executable beside it, only the front itself can answer: these show that it does, in every form it takes.
    [TestCase("--data", "{data}", "request", "list")]
    [TestCase("request", "list", "--json", "--data={data}")]
    [TestCase("request", "list")]
    public async Task RequestList_FrontCopiedWithoutTheFullExecutable_ListsItself(params string[] template)
    {
        var arguments = template.Select(a => a.Replace("{data}", _data, StringComparison.Ordinal)).ToArray();
        var alone = new ProcessCommand(CopyFrontAlone(), arguments) { Environment = new Dictionary<string, string> { ["LOWSIDE_DATA"] = _data } };

        var list = await ProcessRunner.RunAsync(alone, TimeSpan.FromSeconds(30));
        var full = await ProductExecutable.LowSideFull(new Dictionary<string, string> { ["LOWSIDE_DATA"] = _data }).RunAsync(arguments);

        Assert.That(list.ExitCode, Is.EqualTo(ExitCodes.Ok), list.ToString());
        Assert.That(list.StandardOutputBytes, Is.EqualTo(full.StandardOutputBytes));
        foreach (var id in _ids)
        {
            Assert.That(list.StandardOutput, Does.Contain(id));
        }
    }

    [Test]
    public async Task RequestShow_FrontCopiedWithoutTheFullExecutable_HandedOnAndFailsNamingIt()
    {
        var alone = CopyFrontAlone();

        var show = await ProcessRunner.RunAsync(new ProcessCommand(alone, ["--data", _data, "request", "show", _ids[0]]), TimeSpan.FromSeconds(30));

        Assert.That(show.ExitCode, Is.EqualTo(ExitCodes.Failed), show.ToString());
        Assert.That(show.StandardError, Does.Contain("cannot run " + _root.Combine("alone", "lowside")));
    }

    [TestCase("absolute", TestName = "AnyVerb_FullExecutableReplacedByALinkToTheFront_RefusedInsteadOfExecingItselfForever")]
    [TestCase("relative", TestName = "AnyVerb_FullExecutableReplacedByARelativeLinkToTheFront_RefusedInsteadOfExecingItselfForever")]
    [TestCase("directory", TestName = "AnyVerb_FullExecutableLinkedToTheFrontThroughALinkedDirectory_RefusedInsteadOfExecingItselfForever")]
    public async Task AnyVerb_FullExecutableLinkedBackToTheFront_Refused(string how)
    {
        var alone = CopyFrontAlone();
        if (how == "directory")
        {
            Directory.CreateSymbolicLink(_root.Combine("alone", "current"), _root.Combine("alone", "front"));
        }

        File.CreateSymbolicLink(_root.Combine("alone", "lowside"), how switch
        {
            "relative" => "front/lowside",
            "directory" => _root.Combine("alone", "current", "lowside"),
            _ => alone,
        });

        var version = await ProcessRunner.RunAsync(new ProcessCommand(alone, ["--version"]), TimeSpan.FromSeconds(30));

        Assert.That(version.ExitCode, Is.EqualTo(ExitCodes.Failed), version.ToString());
        Assert.That(version.StandardError, Does.Contain("is this front, not the full lowside"));
    }

    [Test]
    public async Task RequestList_APartOfAnotherRequest_NotListedOnItsOwnByEither()
    {
        await ExecuteAsync($"""
            INSERT INTO requests (id, kind, source, name, version, requester, justification, status, parent_id, origin, created_utc, updated_utc)
            VALUES ('part-of-{_ids[0]}', 'image', 'registry.example.org', 'library/needed', '1.0', 'local:root', 'needed by the chart',
                    'submitted', '{_ids[0]}', 'values.yaml', '2026-12-06T09:00:00.0000000+00:00', '2026-12-06T09:00:00.0000000+00:00')
            """);

        var alone = await ProcessRunner.RunAsync(new ProcessCommand(CopyFrontAlone(), ["--data", _data, "request", "list", "--json"]),
            TimeSpan.FromSeconds(30));
        var full = await ProductExecutable.LowSideFull().RunAsync("--data", _data, "request", "list", "--json");

        Assert.That(alone.ExitCode, Is.EqualTo(ExitCodes.Ok), alone.ToString());
        Assert.That(alone.StandardOutput, Does.Contain(_ids[0]).And.Not.Contain("part-of-"));
        Assert.That(alone.StandardOutputBytes, Is.EqualTo(full.StandardOutputBytes));
    }

    [TestCase("> /dev/full", "No space left on device", TestName = "RequestList_StandardOutputOnAFullDisk_OneErrorLineAndExit1AsTheFullExecutable")]
    [TestCase(">&-", "Access to the path is denied", TestName = "RequestList_StandardOutputClosed_OneErrorLineAndExit1AsTheFullExecutable")]
    public async Task RequestList_StandardOutputUnwritable_OneErrorLineAndExit1AsTheFullExecutable(string redirection, string why)
    {
        string[] redirect = ["-c", $"exec \"$0\" \"$@\" {redirection}", ProductExecutable.LowSide().Program, "--data", _data, "request", "list"];

        var front = await ProcessRunner.RunAsync(new ProcessCommand("/bin/sh", redirect), TimeSpan.FromSeconds(30));
        var full = await ProcessRunner.RunAsync(new ProcessCommand("/bin/sh", [redirect[0], redirect[1], ProductExecutable.LowSideFull().Program,
            .. redirect[3..]]), TimeSpan.FromSeconds(30));

        Assert.That(front.ExitCode, Is.EqualTo(ExitCodes.Failed), front.ToString());
        Assert.That(front.StandardError, Does.StartWith("error: ").And.Contain(why).And.EqualTo(full.StandardError));
    }

    [Test]
    public async Task RequestList_SchemaHistoryEditedByHand_TheFullExecutableRefusesInsteadOfAList()
    {
        await ExecuteAsync("UPDATE schema_migrations SET name = 'requests-and-more' WHERE version = 1");

        var result = await ProductExecutable.LowSide().RunAsync("--data", _data, "request", "list");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failed), result.ToString());
        Assert.That(result.StandardOutput, Is.Empty);
        Assert.That(result.StandardError, Does.Contain("records migration 1 as 'requests-and-more'"));
    }

    [Test]
    public async Task RequestList_DatabaseOfANewerRelease_TheFullExecutableRefusesInsteadOfAList()
    {
        await ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_utc) SELECT max(version) + 1, 'from-the-future', " +
                           "'2027-01-01T00:00:00.0000000+00:00' FROM schema_migrations");

        var result = await ProductExecutable.LowSide().RunAsync("--data", _data, "request", "list");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failed), result.ToString());
        Assert.That(result.StandardError, Does.Contain("written by a newer release"));
    }

    [Test]
    public async Task RequestList_SchemaOneMigrationBehind_TheFullExecutableMigratesItThenLists()
    {
        Assert.That(await CountAsync("SELECT count(*) FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations) " +
                                     "AND name = 'workers.create-workers-and-leases'"), Is.EqualTo(1),
            "the test undoes the last migration by dropping its tables: name them here when another migration comes last");
        await ExecuteAsync(
            "DROP TABLE leases; DROP TABLE workers; DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)");
        var behind = await CountAsync("SELECT count(*) FROM schema_migrations");

        var result = await ProductExecutable.LowSide().RunAsync("--data", _data, "request", "list");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.StandardOutput, Does.Contain(_ids[0]));
        Assert.That(await CountAsync("SELECT count(*) FROM schema_migrations"), Is.EqualTo(behind + 1),
            "the front writes nothing: the full executable migrated");
    }

    [TestCase("LOWSIDE__Database__ConnectionString", "Data Source=/tmp/elsewhere.db", "Database:ConnectionString")]
    [TestCase("LOWSIDE__Database__Provider", "Oracle", "Database:Provider")]
    [TestCase("LOWSIDE__Database__Provider", "PostgreSql", "Database:ConnectionString")]
    public async Task RequestList_DatabaseSettingTheFullExecutableRefuses_RefusedTheSameWay(string variable, string value, string named)
    {
        var environment = new Dictionary<string, string> { [variable] = value };

        var front = await ProductExecutable.LowSide(environment).RunAsync("--data", _data, "request", "list");
        var full = await ProductExecutable.LowSideFull(environment).RunAsync("--data", _data, "request", "list");

        Assert.That(front.ExitCode, Is.EqualTo(ExitCodes.Failed), front.ToString());
        Assert.That(front.StandardOutput, Is.Empty, "no list from a database the settings do not name");
        Assert.That(front.StandardError, Does.Contain(named).And.EqualTo(full.StandardError));
    }

    [TestCase("request", "list", "--json", "--json")]
    [TestCase("request", "list", "everything")]
    [TestCase("--json", "request", "list")]
    [TestCase("request", "list", "--help")]
    [TestCase("request", "list", "--data")]
    public async Task RequestList_CommandLineTheFrontDoesNotTake_AnsweredAsTheFullExecutableAnswersIt(params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["LOWSIDE_DATA"] = _data };

        var front = await ProductExecutable.LowSide(environment).RunAsync(arguments);
        var full = await ProductExecutable.LowSideFull(environment).RunAsync(arguments);

        Assert.That(front.ExitCode, Is.EqualTo(full.ExitCode), front.ToString());
        Assert.That(front.StandardOutput, Is.EqualTo(full.StandardOutput));
        Assert.That(front.StandardError, Is.EqualTo(full.StandardError));
    }

    // The published front's files alone in ROOT/alone/front, with no full executable at ROOT/alone/lowside.
    private string CopyFrontAlone()
    {
        var directory = _root.Combine("alone", "front");
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(ProductExecutable.LowSide().Program)!))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
        }

        return Path.Combine(directory, "lowside");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "lowside.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "lowside.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
