using System.Text.Json.Nodes;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Cli;

/// <summary>The `lowside` executable: exit codes, one-line errors on stderr, ids and JSON on stdout.</summary>
public sealed class LowSideCliTests
{
    private const string Registry = "127.0.0.1:5000";
    private static readonly ProductExecutable Cli = ProductExecutable.LowSide();

    [Test]
    public async Task Init_ThenKeyShow_PrintsTheSiteKey_AndASecondInitIsRefused()
    {
        using var root = new TempDirectory("cli");
        var data = root.Combine("data");

        var init = await Cli.RunAsync("init", "--data", data, "--site", "site-a", "--no-password");
        var show = await Cli.RunAsync("key", "show", "--data", data);
        var again = await Cli.RunAsync("init", "--data", data, "--site", "site-a", "--no-password");

        Assert.That(init.ExitCode, Is.EqualTo(ExitCodes.Ok), init.Combined);
        Assert.That(File.GetUnixFileMode(Path.Combine(data, "keys", "site.key")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.Exists(Path.Combine(data, "lowside.db")) && File.Exists(Path.Combine(data, "lowside.json")), Is.True);
        Assert.That(show.ExitCode, Is.EqualTo(ExitCodes.Ok), show.Combined);
        var keyId = init.StandardOutput.Split('\n')
            .Single(l => l.StartsWith("key id", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.That(show.StandardOutput, Does.Contain(keyId));
        Assert.That(again.ExitCode, Is.EqualTo(ExitCodes.Failed));
        Assert.That(again.StandardError, Does.Contain("already initialised"));
    }

    [Test]
    public async Task Init_WithPasswordFile_EncryptsTheKey()
    {
        using var root = new TempDirectory("cli");
        var passwordFile = root.Combine("pw");
        await File.WriteAllTextAsync(passwordFile, "correct horse\n");

        var init = await Cli.RunAsync("init", "--data", root.Combine("data"), "--site", "site-b", "--password-file", passwordFile);

        Assert.That(init.ExitCode, Is.EqualTo(ExitCodes.Ok), init.Combined);
        Assert.That(TransferPipeline.Shared.Minisign.MinisignSecretKey.IsEncrypted(root.Combine("data", "keys", "site.key")), Is.True);
    }

    [TestCase(new[] { "image", "no-registry:1.0" }, "source:")]
    [TestCase(new[] { "image", Registry + "/library/app" }, "source:")]
    [TestCase(new[] { "image", Registry + "/library/app:1.0", "--platform", "linux" }, "platforms[0]:")]
    [TestCase(new[] { "file", "ftp://127.0.0.1/x" }, "source:")]
    [TestCase(new[] { "file", "http://127.0.0.1:8080/files/x", "--sha256", "abc" }, "sha256:")]
    [TestCase(new[] { "chart", "http://127.0.0.1:8080/charts/", "bad name!", "--version", "1.0.0" }, "name:")]
    public async Task RequestAdd_Malformed_ExitsOneWithOneLineNamingTheField(string[] arguments, string field)
    {
        await using var site = await TestSite.CreateAsync(Registry, "http://127.0.0.1:8080/files/", "http://127.0.0.1:8080/charts/");

        var result = await Cli.RunAsync(["request", "add", .. arguments, "--justification", "why", "--data", site.Data.Root]);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failed), result.Combined);
        Assert.That(result.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(result.StandardError, Does.StartWith("error: " + field));
        Assert.That(result.StandardOutput, Is.Empty);
    }

    [Test]
    public async Task RequestAdd_MissingJustification_IsAUsageError()
    {
        await using var site = await TestSite.CreateAsync(Registry);

        var result = await Cli.RunAsync("request", "add", "image", Registry + "/library/app:1.0", "--data", site.Data.Root);

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardError, Does.Contain("--justification"));
    }

    [Test]
    public async Task RequestAdd_SourceNotAllowed_ExitsOneNamingTheSetting()
    {
        await using var site = await TestSite.CreateAsync(Registry);

        var result = await Cli.RunAsync("request", "add", "image", "127.0.0.1:5999/library/app:1.0",
            "--justification", "why", "--data", site.Data.Root);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failed));
        Assert.That(result.StandardError, Does.Contain("Sources:Allowed"));
    }

    [Test]
    public async Task RequestAdd_Valid_PrintsTheId_ListShowCancelFindIt()
    {
        await using var site = await TestSite.CreateAsync(Registry);
        var data = site.Data.Root;

        var add = await Cli.RunAsync("request", "add", "image", Registry + "/library/app:1.0", "--platform", "linux/amd64",
            "--justification", "why", "--ticket", "CHG-7", "--data", data);
        var id = add.StandardOutput.Trim();
        var list = await Cli.RunAsync("request", "list", "--json", "--data", data);
        var show = await Cli.RunAsync("request", "show", id, "--data", data);
        var cancel = await Cli.RunAsync("request", "cancel", id, "--data", data);
        var missing = await Cli.RunAsync("request", "show", "nope", "--data", data);

        Assert.That(add.ExitCode, Is.EqualTo(ExitCodes.Ok), add.Combined);
        Assert.That(id, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(JsonNode.Parse(list.StandardOutput)!.AsArray().Select(r => (string?)r!["id"]), Is.EqualTo(new[] { id }));
        Assert.That((string?)JsonNode.Parse(list.StandardOutput)![0]!["requester"], Is.EqualTo("local:" + Environment.UserName.ToLowerInvariant()),
            "on the host, the requester is the OS user running lowside");
        Assert.That((string?)JsonNode.Parse(show.StandardOutput)!["request"]!["ticket"], Is.EqualTo("CHG-7"));
        Assert.That(cancel.StandardOutput.Trim(), Is.EqualTo(id));
        Assert.That(missing.ExitCode, Is.EqualTo(ExitCodes.Failed));
    }

    [Test]
    public async Task BatchCut_NothingGathered_SaysSoAndWritesNothing()
    {
        await using var site = await TestSite.CreateAsync(Registry);

        var result = await Cli.RunAsync("batch", "cut", "--media", site.Media, "--data", site.Data.Root);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.Combined);
        Assert.That(result.StandardOutput, Does.Contain("nothing to ship"));
        Assert.That(Directory.Exists(site.Media), Is.False);
    }

    [Test]
    public async Task BatchCut_MoreThanOneBatchWaits_SaysHowManyWaitForTheNext()
    {
        await using var site = await TestSite.CreateAsync(SharedServers.Registry.Host, SharedServers.Files.Prefix + "files/");
        site.Configure(json => json["Batches"]!["MaxBlobsPerBatch"] = 1);
        for (var i = 0; i < 3; i++)
        {
            var url = SharedServers.Files.Write($"files/cli-budget-{i}.bin", System.Security.Cryptography.RandomNumberGenerator.GetBytes(1000));
            await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url));
        }

        var result = await Cli.RunAsync("batch", "cut", "--media", site.Media, "--data", site.Data.Root);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.Combined);
        Assert.That(result.StandardOutput, Does.Contain("site-a-000001  shipped").And.Contain("2 more gathered request(s) wait for the next batch"));
    }

    [Test]
    public async Task AnyCommand_BadConfiguration_ExitsOneNamingTheSetting()
    {
        await using var site = await TestSite.CreateAsync(Registry);
        site.Configure(json => json["Batches"]!["VolumeSize"] = "a lot");

        var result = await Cli.RunAsync("batch", "cut", "--media", site.Media, "--data", site.Data.Root);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failed));
        Assert.That(result.StandardError, Does.Contain("Batches:VolumeSize"));
    }

    [Test]
    public async Task RequestList_BadSettingItDoesNotRead_ListsWhileACommandReadingItStops()
    {
        await using var site = await TestSite.CreateAsync(Registry);
        site.Configure(json => json["Batches"]!["VolumeSize"] = "a lot");

        var list = await Cli.RunAsync("request", "list", "--data", site.Data.Root);
        var cut = await Cli.RunAsync("batch", "cut", "--media", site.Media, "--data", site.Data.Root);

        Assert.That(list.ExitCode, Is.EqualTo(ExitCodes.Ok), "a command validates the settings it reads, and only those: " + list.Combined);
        Assert.That(cut.ExitCode, Is.EqualTo(ExitCodes.Failed));
        Assert.That(cut.StandardError, Does.Contain("Batches:VolumeSize"));
    }

    [Test]
    public async Task AnyCommand_NoDataDirectory_IsAUsageError()
    {
        using var root = new TempDirectory("cli");

        var result = await Cli.RunAsync("request", "list", "--data", root.Combine("absent"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.StandardError, Does.Contain("lowside init"));
    }

    [TestCase("request", "add", "image")]
    [TestCase("request", "add", "image", "127.0.0.1:5000/library/app:1.0", "--requester", "mallory", "--justification", "why",
        TestName = "RequestAdd_RequesterOfSomeoneElse_NoLongerPossible")]
    [TestCase("request", "add", "image", "127.0.0.1:5000/library/app:1.0", "--justification", "why", "--no-such-option")]
    [TestCase("no-such-verb")]
    public async Task AnyCommand_MalformedCommandLine_ExitsTwo(params string[] arguments)
    {
        var result = await Cli.RunAsync(arguments);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.Combined);
        Assert.That(result.StandardError, Does.StartWith("usage error: "));
    }
}
