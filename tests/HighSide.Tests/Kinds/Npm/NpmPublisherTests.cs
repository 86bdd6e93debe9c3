using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Kinds.Npm;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Kinds.Npm;

/// <summary>
/// npm artifacts imported, approved and published into the npm mirror, which is then served on 127.0.0.1 as the documented
/// nginx configuration serves it and consumed by the real npm client (npm install, npm ci), with no other registry reachable.
/// </summary>
public sealed class NpmPublisherTests
{
    private const string Upstream = "https://registry.npmjs.org";

    private static readonly TestNpmPackage Words = new("@acme/words", "2.1.0") { Greeting = "words" };
    private static readonly TestNpmPackage Greeter = new("greeter", "1.0.0")
    {
        Dependencies = new Dictionary<string, string> { ["@acme/words"] = "^2.1.0" },
    };

    private BatchScenario _scenario = null!;
    private HighSideHarness _highSide = null!;
    private TestNpmRegistry _mirror = null!;
    private TestNpmClient _client = null!;
    private string _mirrorDirectory = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _scenario = new BatchScenario();
        _mirrorDirectory = Path.Combine(_scenario.Root, "mirror-npm");
        Directory.CreateDirectory(_mirrorDirectory);
        _mirror = await TestNpmRegistry.ServeAsync(_mirrorDirectory);
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, json =>
        {
            json["Mirrors"]!["Npm"] = _mirrorDirectory;
            json["Mirrors"]!["NpmUrl"] = _mirror.Url + "/";
        });
        await _highSide.TrustAsync(_scenario.Key.PublicKey, _scenario.SiteId);
        _client = new TestNpmClient();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _client.Dispose();
        await _highSide.DisposeAsync();
        await _mirror.DisposeAsync();
        _scenario.Dispose();
    }

    private async Task<PublishResult> PublishAsync(long sequence, BatchArtifactInput artifact)
    {
        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(sequence, [artifact]));
        return await PublishedBatchFlow.PublishAsync(_highSide, batchId);
    }

    [Test]
    public async Task Publish_PackageWithItsDependency_NpmInstallsItFromTheMirror()
    {
        var artifact = await TestNpmArtifacts.AddAsync(_scenario.Store, Upstream, "greeter@1.0.0 @acme/words@2.1.0", Greeter, Words);

        var published = await PublishAsync(1, artifact);

        Assert.That(published.State, Is.EqualTo(BatchStates.Published));
        var install = await _client.NpmAsync("install", "greeter@1.0.0", "--registry", _mirror.Url + "/");
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        var run = await _client.NodeAsync("console.log(require('greeter') + ' ' + require('@acme/words'))");
        Assert.That(run.StandardOutput.Trim(), Is.EqualTo("hello words"), run.ToString());
        Assert.That(JsonNode.Parse(_client.InstalledPackageJson("@acme/words"))!["version"]!.GetValue<string>(), Is.EqualTo("2.1.0"));
        Assert.That(_mirror.Requests, Has.Some.EqualTo("GET /@acme%2fwords").Or.Some.EqualTo("GET /@acme%2Fwords"));
    }

    [Test]
    public async Task Publish_LockFileOfAnotherRegistry_NpmCiInstallsItWithTheRegistryHostReplaced()
    {
        await using (var upstream = await TestNpmRegistry.StartAsync())
        {
            upstream.Publish(Words, Greeter);
            var locking = await _client.NpmAsync("install", "greeter@1.0.0", "--registry", upstream.Url + "/");
            Assert.That(locking.ExitCode, Is.Zero, locking.ToString());
        }

        var lockText = await File.ReadAllTextAsync(Path.Combine(_client.Project, "package-lock.json"));
        Assert.That(lockText, Does.Contain("\"resolved\": \"http://127.0.0.1:"));
        Directory.Delete(Path.Combine(_client.Project, "node_modules"), recursive: true);
        _client.ClearCache();
        var artifact = await TestNpmArtifacts.AddAsync(_scenario.Store, Upstream, "consumer/package-lock.json", Greeter, Words);
        await PublishAsync(1, artifact);

        var ci = await _client.NpmAsync("ci", "--registry", _mirror.Url + "/", "--replace-registry-host=always");

        Assert.That(ci.ExitCode, Is.Zero, ci.ToString());
        var run = await _client.NodeAsync("console.log(require('greeter'))");
        Assert.That(run.StandardOutput.Trim(), Is.EqualTo("hello"), run.ToString());
        Assert.That(_mirror.Requests, Has.Member("GET /greeter/-/greeter-1.0.0.tgz").And.Member("GET /@acme/words/-/words-2.1.0.tgz"));
    }

    [Test]
    public async Task Publish_SecondVersionAndRepublish_PackumentListsBothLatestHighestAndRepublishChangesNothing()
    {
        var newer = Words with { Version = "2.10.0", Greeting = "newer" };
        var prerelease = Words with { Version = "3.0.0-rc.1", Greeting = "next" };
        await PublishAsync(1, await TestNpmArtifacts.AddAsync(_scenario.Store, Upstream, "@acme/words@2.10.0", newer));
        await PublishAsync(2, await TestNpmArtifacts.AddAsync(_scenario.Store, Upstream, "@acme/words@2.1.0 @acme/words@3.0.0-rc.1",
            Words, prerelease));
        var packumentPath = Path.Combine(_mirrorDirectory, "@acme", "words", NpmPackumentWriter.FileName);
        var before = await File.ReadAllTextAsync(packumentPath);

        var again = await PublishAsync(3, await TestNpmArtifacts.AddAsync(_scenario.Store, Upstream, "@acme/words@2.1.0", Words));

        Assert.That(again.State, Is.EqualTo(BatchStates.Published));
        var packument = JsonNode.Parse(before)!;
        Assert.That(packument["versions"]!.AsObject().Select(v => v.Key), Is.EquivalentTo(new[] { "2.1.0", "2.10.0", "3.0.0-rc.1" }));
        Assert.That(packument["dist-tags"]!["latest"]!.GetValue<string>(), Is.EqualTo("2.10.0"));
        Assert.That(packument["versions"]!["2.1.0"]!["dist"]!["tarball"]!.GetValue<string>(),
            Is.EqualTo($"{_mirror.Url}/@acme/words/-/words-2.1.0.tgz"));
        Assert.That(JsonNode.Parse(await File.ReadAllTextAsync(packumentPath))!["versions"]!.ToJsonString(),
            Is.EqualTo(packument["versions"]!.ToJsonString()));
        var view = await _client.NpmAsync("view", "@acme/words", "dist-tags.latest", "--registry", _mirror.Url + "/");
        Assert.That(view.StandardOutput.Trim(), Is.EqualTo("2.10.0"), view.ToString());
    }

    [Test]
    public async Task Publish_VersionPublishedBeforeWithOtherBytes_RefusedAndMirrorKept()
    {
        await PublishAsync(1, await TestNpmArtifacts.AddAsync(_scenario.Store, Upstream, "@acme/words@2.1.0", Words));
        var tarball = Path.Combine(_mirrorDirectory, "@acme", "words", "-", "words-2.1.0.tgz");
        var original = await File.ReadAllBytesAsync(tarball);
        var forged = await TestNpmArtifacts.AddAsync(_scenario.Store, Upstream, "@acme/words@2.1.0", Words with { Greeting = "forged" });

        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(2, [forged]));
        var outcome = await _highSide.Get<PublishService>().PublishAsync(batchId, CancellationToken.None);

        var record = await _highSide.Get<BatchRepository>().FindAsync(batchId, CancellationToken.None);
        Assert.That(outcome.IsOk ? record!.ReasonCode : outcome.Error!.Code, Is.EqualTo(PublishReasons.NpmVersionConflict));
        Assert.That(await File.ReadAllBytesAsync(tarball), Is.EqualTo(original));
    }

    [Test]
    public async Task Import_SetOfAnotherRegistryThanItsSource_RefusedAsPackageSetInvalid()
    {
        var artifact = await TestNpmArtifacts.AddAsync(_scenario.Store, Upstream, "@acme/words@2.1.0", Words);

        var result = await _highSide.ImportAsync(await _scenario.WriteVolumeAsync(1, [artifact with { Source = "https://npm.attacker.example" }]));

        var record = await _highSide.Get<BatchRepository>().FindAsync(result.Id, CancellationToken.None);
        Assert.That((record!.State, record.ReasonCode), Is.EqualTo((BatchStates.Refused, PublishReasons.PackageSetInvalid)));
        Assert.That(record.Reason, Does.Contain("NPM-3"));
    }
}
