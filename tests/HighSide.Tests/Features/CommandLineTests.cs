using System.Text.Json;
using TransferPipeline.HighSide.Tests.Support;
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
        var init = await HighSideCli.RunAsync(data, "init", "--site", "high-a", "--files", files, "--no-password");
        Assert.That(init.ExitCode, Is.Zero, init.ToString());
        var sitePub = root.Combine("site-a.pub");
        await File.WriteAllTextAsync(sitePub, scenario.Key.PublicKey.ToFileText());
        await RunOkAsync(data, "trust", "add", "--site", "site-a", "--key", sitePub);
        foreach (var name in new[] { "carol", "dave" })
        {
            await RunOkAsync(data, "officer", "keygen", "--out", root.Combine(name), "--no-password");
            await RunOkAsync(data, "officer", "add", name, "--key", root.Combine(name + ".pub"));
        }

        var file = await SampleArtifacts.AddFileAsync(scenario.Store, "tool.bin", 50_000, seed: 4);
        var volume = (await scenario.WriteAsync([file])).VolumeDirectories[0];

        var import = await RunOkAsync(data, "import", volume);
        Assert.That(import.StandardOutput, Does.Contain("site-a-000001 awaiting-approval"));
        var list = JsonDocument.Parse((await RunOkAsync(data, "batch", "list", "--json")).StandardOutput);
        Assert.That(list.RootElement[0].GetProperty("state").GetString(), Is.EqualTo("awaiting-approval"));
        Assert.That(list.RootElement[0].GetProperty("artifacts").GetInt32(), Is.EqualTo(1));
        var show = await RunOkAsync(data, "batch", "show", "site-a-000001");
        Assert.That(show.StandardOutput, Does.Contain("tool.bin").And.Contain("requested by bob").And.Contain("new artifact"));
        var statement = await RunOkAsync(data, "batch", "statement", "site-a-000001");
        Assert.That(statement.StandardOutput, Does.StartWith("transferpipeline-approval v1\nbatch: site-a-000001\nmanifest-sha256: "));
        await RunOkAsync(data, "approve", "site-a-000001", "--officer", "carol", "--key", root.Combine("carol.key"));
        var statementFile = root.Combine("statement.txt");
        await File.WriteAllTextAsync(statementFile, statement.StandardOutput);
        var signed = await ProcessRunner.RunAsync("minisign", ["-S", "-s", root.Combine("dave.key"), "-m", statementFile,
            "-t", "transferpipeline-approval batch:site-a-000001 decision:approve"], standardInput: "");
        Assert.That(signed.ExitCode, Is.Zero, signed.Combined);
        var second = await RunOkAsync(data, "approve", "site-a-000001", "--signature", statementFile + ".minisig");
        Assert.That(second.StandardOutput, Does.Contain("approved (2 of 2"));
        await RunOkAsync(data, "publish");
        Assert.That(File.Exists(Path.Combine(files, "tool.bin")), Is.True);
        await RunOkAsync(data, "audit", "verify");

        var replay = await HighSideCli.RunAsync(data, "import", volume);
        Assert.That(replay.ExitCode, Is.EqualTo(1));
        Assert.That(replay.StandardError, Does.Contain("[replay]"));
    }

    [Test]
    public async Task Cli_ApproveWithWrongKeyForName_RefusedWithReason()
    {
        using var root = new TempDirectory("highside-cli");
        var data = root.Combine("data");
        await RunOkAsync(data, "init", "--site", "high-a", "--no-password");
        await RunOkAsync(data, "officer", "keygen", "--out", root.Combine("carol"), "--no-password");
        await RunOkAsync(data, "officer", "keygen", "--out", root.Combine("mallory"), "--no-password");
        await RunOkAsync(data, "officer", "add", "carol", "--key", root.Combine("carol.pub"));

        var result = await HighSideCli.RunAsync(data, "approve", "site-a-000001", "--officer", "carol", "--key", root.Combine("mallory.key"));

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardError, Does.Contain("[officer-key-mismatch]"));
    }

    private static async Task<HighSideCli.Result> RunOkAsync(string data, params string[] arguments)
    {
        var result = await HighSideCli.RunAsync(data, arguments);
        Assert.That(result.ExitCode, Is.Zero, $"highside {string.Join(' ', arguments)}: {result}");
        return result;
    }
}
