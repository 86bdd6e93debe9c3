using Npgsql;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Insiders;

/// <summary>
/// A high side set up through the real `highside` executable as a site would (trusted site key, two founding officers,
/// carol's request imported and awaiting approval), for the insiders' attacks on it, with its state on <paramref name="provider"/>.
/// The site is built once per fixture and restored before each test, at the same paths and under the same database name, so
/// each attack meets the site exactly as set up.
/// </summary>
public abstract class InsiderSite(DatabaseProvider provider)
{
    private BatchScenario _scenario = null!;
    private TempDirectory _snapshot = null!;
    private string? _database;

    protected DatabaseProvider Provider { get; } = provider;

    protected TempDirectory Root { get; private set; } = null!;

    protected ProductExecutable HighSide { get; private set; } = null!;

    /// <summary>The file mirror.</summary>
    protected string Files { get; private set; } = null!;

    protected string BatchId { get; } = "site-a-000001";

    /// <summary>The database client an operator with the service account would open on the site's state.</summary>
    protected OperatorSqlShell Sql { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task BuildSiteAsync()
    {
        Root = new TempDirectory("insider");
        _snapshot = new TempDirectory("insider-site");
        _scenario = new BatchScenario();
        _scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        Files = Root.Combine("files");
        string? connectionString = null;
        var init = ProductExecutable.HighSide();
        if (Provider == DatabaseProvider.PostgreSql)
        {
            // Only init is told where the state goes; every later command reads it from highside.json.
            connectionString = await (await HighSideServers.PostgreSqlAsync()).Server.CreateDatabaseAsync();
            _database = new NpgsqlConnectionStringBuilder(connectionString).Database;
            init = ProductExecutable.HighSide(PostgreSqlServer.SideEnvironment("HIGHSIDE", connectionString));
        }

        await init.WithData(Root.Combine("data")).SucceedAsync("init", "--site", "high-a", "--files", Files, "--no-password");
        Sql = OperatorSqlShell.For(Provider, Root.Combine("data", "highside.db"), connectionString);
        HighSide = ProductExecutable.HighSide().WithData(Root.Combine("data"));
        var sitePub = Root.Combine("site-a.pub");
        await File.WriteAllTextAsync(sitePub, _scenario.Key.PublicKey.ToFileText());
        await HighSide.SucceedAsync("trust", "add", "--site", "site-a", "--key", sitePub);
        await OfficerCeremony.FoundAsync(HighSide, Root.Path, "carol", "dave");
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "tool.bin", 40_000, seed: 9, requester: "local:carol");
        var volume = (await _scenario.WriteAsync([file])).VolumeDirectories[0];
        await HighSide.SucceedAsync("import", volume);

        await CopyAsync(Root.Path, _snapshot.Path);
        if (_database is not null)
        {
            await (await HighSideServers.PostgreSqlAsync()).Server.ExecuteAsync($"CREATE DATABASE {_database}_site TEMPLATE {_database}");
        }
    }

    [SetUp]
    public async Task RestoreSiteAsync()
    {
        foreach (var entry in new DirectoryInfo(Root.Path).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        await CopyAsync(_snapshot.Path, Root.Path);
        if (_database is not null)
        {
            var server = (await HighSideServers.PostgreSqlAsync()).Server;
            await server.ExecuteAsync($"DROP DATABASE {_database} WITH (FORCE)");
            await server.ExecuteAsync($"CREATE DATABASE {_database} TEMPLATE {_database}_site");
        }
    }

    [OneTimeTearDown]
    public void TearDownSite()
    {
        _scenario.Dispose();
        _snapshot.Dispose();
        Root.Dispose();
    }

    // cp -a keeps the modes the product set (0600 keys, 0700 directories) and empty directories.
    private static async Task CopyAsync(string from, string to) =>
        await ProcessRunner.RunCheckedAsync(new ProcessCommand("cp", ["-a", from + "/.", to]));

    protected async Task ApproveByBothAsync()
    {
        await ApproveOnWorkstationAsync("dave");
        await OfficerCeremony.AddOfficerAsync(HighSide, Root.Path, "erin", ["carol", "dave"]);
        await ApproveOnWorkstationAsync("erin");
    }

    protected async Task ApproveOnWorkstationAsync(string officer)
    {
        var statement = await StatementAsync();
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", Root.Combine(officer + ".key"));
        await HighSide.SucceedAsync("approve", BatchId, "--signature", statement + ".minisig");
    }

    protected async Task<string> StatementAsync()
    {
        var file = Root.Combine($"statement-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, (await HighSide.SucceedAsync("batch", "statement", BatchId)).StandardOutput);
        return file;
    }

    // A key as the roster's JSON spells it (System.Text.Json writes '+' as \u002B).
    protected string JsonKey(string officer) => System.Text.Json.JsonSerializer.Serialize(MinisignPublicKey.Load(Root.Combine(officer + ".pub")).ToBase64());

    protected static string FlipKeyIdByte(MinisignPublicKey key)
    {
        var bytes = Convert.FromBase64String(key.ToBase64());
        bytes[2] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }
}
