using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Cli;

/// <summary>The built `lowside` executable configured for PostgreSQL by the environment, as an operator sets them up.</summary>
public sealed class LowSidePostgreSqlCliTests
{
    private const string Registry = "127.0.0.1:5000";

    [Test]
    public async Task Init_WithPostgreSqlInTheEnvironment_KeepsTheStateThereAndEveryVerbUsesIt()
    {
        using var root = new TempDirectory("cli");
        var data = root.Combine("data");
        var connectionString = await SharedServers.PostgreSql.Server.CreateDatabaseAsync();
        var init = await ProductExecutable.LowSide(PostgreSqlServer.SideEnvironment("LOWSIDE", connectionString))
            .RunAsync("init", "--data", data, "--site", "site-a", "--no-password");
        // From here on the configuration file alone says where the state is.
        var cli = ProductExecutable.LowSide();
        var config = Path.Combine(data, "lowside.json");
        var json = JsonNode.Parse(File.ReadAllText(config))!;
        json["Sources"]!["Allowed"] = new JsonArray(Registry);
        File.WriteAllText(config, json.ToJsonString());

        var add = await cli.RunAsync("request", "add", "image", Registry + "/library/app:1.0", "--justification", "why", "--data", data);
        var list = await cli.RunAsync("request", "list", "--json", "--data", data);

        Assert.That(init.ExitCode, Is.EqualTo(ExitCodes.Ok), init.Combined);
        Assert.That(add.ExitCode, Is.EqualTo(ExitCodes.Ok), add.Combined);
        Assert.That(JsonNode.Parse(list.StandardOutput)!.AsArray().Select(r => (string?)r!["id"]), Is.EqualTo(new[] { add.StandardOutput.Trim() }));
        Assert.That(File.Exists(Path.Combine(data, "lowside.db")), Is.False, "nothing of the state lives in SQLite");
        await using var connection = new NpgsqlConnection(connectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM requests"), Is.EqualTo(1));
        Assert.That(await connection.QueryAsync<string>("SELECT action FROM audit_entries ORDER BY sequence"),
            Is.EqualTo(new[] { "lowside.initialized", "request.submitted" }));
    }

    [Test]
    public async Task Init_IntoADatabaseThatHoldsAnotherSite_IsRefused()
    {
        using var root = new TempDirectory("cli");
        var connectionString = await SharedServers.PostgreSql.Server.CreateDatabaseAsync();
        var lowside = ProductExecutable.LowSide(PostgreSqlServer.SideEnvironment("LOWSIDE", connectionString));
        var first = await lowside.RunAsync("init", "--data", root.Combine("a"), "--site", "site-a", "--no-password");

        var second = await lowside.RunAsync("init", "--data", root.Combine("b"), "--site", "site-b", "--no-password");

        Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Ok), first.Combined);
        Assert.That(second.ExitCode, Is.EqualTo(ExitCodes.Failed), second.Combined);
        Assert.That(second.StandardError, Does.Contain("already holds a site's audit trail"));
        Assert.That(Directory.Exists(root.Combine("b", "keys")), Is.False, "refused before anything was created");
    }
}
