using System.Text.Json;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features;

/// <summary>The operator's path through the real CLI: init, trust, officers, import, review, approve, publish.</summary>
public sealed class CommandLineTests
{
    [Test]
    public async Task Cli_InitTrustOfficersImportApprovePublish_EndToEnd()
    {
        using var scenario = new BatchScenario();
        scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        using var root = new TempDirectory("highside-cli");
        var data = root.Combine("data");
        var files = root.Combine("files");
        var cli = ProductExecutable.HighSide().WithData(data);
        var init = await cli.RunAsync("init", "--site", "high-a", "--files", files, "--no-password");
        Assert.That(init.ExitCode, Is.Zero, init.ToString());
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
        Assert.That(statement.StandardOutput, Does.StartWith("transferpipeline-approval v2\nbatch: site-a-000001\nmanifest-sha256: "));
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

        var replay = await cli.RunAsync("import", volume);
        Assert.That(replay.ExitCode, Is.EqualTo(1));
        Assert.That(replay.StandardError, Does.Contain("[replay]"));
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
