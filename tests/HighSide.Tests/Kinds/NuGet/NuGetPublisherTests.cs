using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Kinds.NuGet;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.NuGet;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Kinds.NuGet;

/// <summary>
/// nuget artifacts imported, approved and published into the NuGet feed, which is then served on 127.0.0.1 as the documented
/// nginx configuration serves it, and used as a folder feed, by the real `dotnet restore`, with no other source configured.
/// </summary>
public sealed class NuGetPublisherTests
{
    private const string Upstream = "https://api.nuget.org/v3/index.json";

    private static readonly TestNuGetPackage Words = new("Acme.Words", "2.1.0") { Greeting = "words" };
    private static readonly TestNuGetPackage Greeter = new("Acme.Greeter", "1.0.0")
    {
        Dependencies = new Dictionary<string, string> { ["Acme.Words"] = "2.1.0" },
    };

    private BatchScenario _scenario = null!;
    private HighSideHarness _highSide = null!;
    private TestNuGetFeed _mirror = null!;
    private string _mirrorDirectory = null!;

    private string FolderFeed => Path.Combine(_mirrorDirectory, NuGetFeedWriter.FlatContainer);

    [SetUp]
    public async Task SetUpAsync()
    {
        _scenario = new BatchScenario();
        _mirrorDirectory = Path.Combine(_scenario.Root, "mirror-nuget");
        Directory.CreateDirectory(_mirrorDirectory);
        _mirror = await TestNuGetFeed.ServeAsync(_mirrorDirectory);
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, json =>
        {
            json["Mirrors"]!["NuGet"] = _mirrorDirectory;
            json["Mirrors"]!["NuGetUrl"] = _mirror.Url + "/";
        });
        await _highSide.TrustAsync(_scenario.Key.PublicKey, _scenario.SiteId);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
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
    public async Task Publish_LockFileSet_DotnetRestoreLockedModeFromTheHttpFeedAndTheFolderFeed()
    {
        using var application = new TestDotnetRestore(("Acme.Greeter", "1.0.0"));
        await using (var upstream = await TestNuGetFeed.StartAsync())
        {
            upstream.Publish(Words, Greeter);
            var locking = await application.RestoreAsync(upstream.ServiceIndex);
            Assert.That(locking.ExitCode, Is.Zero, locking.ToString());
        }

        var artifact = await TestNuGetArtifacts.AddAsync(_scenario.Store, Upstream, "consumer/packages.lock.json", Greeter, Words);
        var published = await PublishAsync(1, artifact);

        Assert.That(published.State, Is.EqualTo(BatchStates.Published));
        application.ClearPackages();
        var overHttp = await application.RestoreAsync($"{_mirror.Url}/index.json", "--locked-mode");
        Assert.That(overHttp.ExitCode, Is.Zero, overHttp.ToString());
        Assert.That(application.IsInstalled("Acme.Words", "2.1.0"), Is.True);
        Assert.That(_mirror.Requests, Has.Member("GET /flatcontainer/acme.words/2.1.0/acme.words.2.1.0.nupkg"));
        application.ClearPackages();
        var fromFolder = await application.RestoreAsync(FolderFeed, "--locked-mode");
        Assert.That(fromFolder.ExitCode, Is.Zero, fromFolder.ToString());
        Assert.That(application.IsInstalled("Acme.Greeter", "1.0.0"), Is.True);
    }

    [Test]
    public async Task Publish_SecondVersionAndRepublish_VersionListHasBothAndRepublishChangesNothing()
    {
        var newer = Words with { Version = "2.10.0", Greeting = "newer" };
        await PublishAsync(1, await TestNuGetArtifacts.AddAsync(_scenario.Store, Upstream, "Acme.Words@2.10.0", newer));
        await PublishAsync(2, await TestNuGetArtifacts.AddAsync(_scenario.Store, Upstream, "Acme.Words@2.1.0", Words));
        var versionsPath = Path.Combine(FolderFeed, "acme.words", "index.json");
        var before = await File.ReadAllTextAsync(versionsPath);

        var again = await PublishAsync(3, await TestNuGetArtifacts.AddAsync(_scenario.Store, Upstream, "Acme.Words@2.1.0", Words));

        Assert.That(again.State, Is.EqualTo(BatchStates.Published));
        Assert.That(JsonNode.Parse(before)!["versions"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(new[] { "2.1.0", "2.10.0" }));
        Assert.That(await File.ReadAllTextAsync(versionsPath), Is.EqualTo(before));
        var folder = Path.Combine(FolderFeed, "acme.words", "2.1.0");
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName), Is.EquivalentTo(new[]
        {
            "acme.words.2.1.0.nupkg", "acme.words.2.1.0.nupkg.sha512", "acme.words.nuspec",
        }));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(folder, "acme.words.nuspec")), Is.EqualTo(Words.Nuspec()));
        var index = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_mirrorDirectory, "index.json")))!;
        Assert.That(index["resources"]![0]!["@id"]!.GetValue<string>(), Is.EqualTo($"{_mirror.Url}/flatcontainer/"));
    }

    [Test]
    public async Task Publish_VersionPublishedBeforeWithOtherBytes_RefusedAndFeedKept()
    {
        await PublishAsync(1, await TestNuGetArtifacts.AddAsync(_scenario.Store, Upstream, "Acme.Words@2.1.0", Words));
        var package = Path.Combine(FolderFeed, NuGetNames.PackagePath(Words.Id, Words.Version));
        var original = await File.ReadAllBytesAsync(package);
        var forged = await TestNuGetArtifacts.AddAsync(_scenario.Store, Upstream, "ACME.WORDS@2.1.0", Words with { Greeting = "forged" });

        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(2, [forged]));
        var outcome = await _highSide.Get<PublishService>().PublishAsync(batchId, CancellationToken.None);

        var record = await _highSide.Get<BatchRepository>().FindAsync(batchId, CancellationToken.None);
        Assert.That(outcome.IsOk ? record!.ReasonCode : outcome.Error!.Code, Is.EqualTo(PublishReasons.NuGetVersionConflict));
        Assert.That(await File.ReadAllBytesAsync(package), Is.EqualTo(original));
    }

    [Test]
    public async Task Publish_Sha512NotThePackages_QuarantineTamperedAndNothingPlaced()
    {
        var lying = await TestNuGetArtifacts.AddTamperedAsync(_scenario.Store, Upstream, "Acme.Words@2.1.0",
            set => set with { Packages = [set.Packages[0] with { Sha512 = Convert.ToBase64String(new byte[64]) }] }, Words);

        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(1, [lying]));
        var outcome = await _highSide.Get<PublishService>().PublishAsync(batchId, CancellationToken.None);

        var record = await _highSide.Get<BatchRepository>().FindAsync(batchId, CancellationToken.None);
        Assert.That(outcome.IsOk ? record!.ReasonCode : outcome.Error!.Code, Is.EqualTo(PublishReasons.QuarantineTampered));
        Assert.That(File.Exists(Path.Combine(FolderFeed, NuGetNames.PackagePath(Words.Id, Words.Version))), Is.False);
    }

    private static IEnumerable<TestCaseData> HostileSets()
    {
        yield return Case("path escape", "NUGET-5", set => set with
        {
            Packages = [set.Packages[0] with { Id = "..", FileName = NuGetNames.PackageFileName("..", "2.1.0") }, set.Packages[1]],
        });
        yield return Case("sha256 of other bytes", "NUGET-7", set => set with
        {
            Packages = [set.Packages[0] with { Sha256 = new string('a', 64) }, set.Packages[1]],
        });
        yield return Case("duplicate in another case", "NUGET-6", set => set with
        {
            Packages = [.. set.Packages, set.Packages[1] with { Id = set.Packages[1].Id.ToUpperInvariant() }],
        });
        yield return Case("other service index", "NUGET-3", set => set with { ServiceIndex = "https://nuget.attacker.example/v3/index.json" });

        static TestCaseData Case(string attack, string rule, Func<NuGetPackageSet, NuGetPackageSet> tamper) =>
            new TestCaseData(rule, tamper).SetArgDisplayNames(attack);
    }

    [TestCaseSource(nameof(HostileSets))]
    public async Task Import_HostileSet_RefusedAsPackageSetInvalid(string rule, Func<NuGetPackageSet, NuGetPackageSet> tamper)
    {
        var artifact = await TestNuGetArtifacts.AddTamperedAsync(_scenario.Store, Upstream, "packages.lock.json", tamper, Greeter, Words);

        var result = await _highSide.ImportAsync(await _scenario.WriteVolumeAsync(1, [artifact]));

        var record = await _highSide.Get<BatchRepository>().FindAsync(result.Id, CancellationToken.None);
        Assert.That((record!.State, record.ReasonCode), Is.EqualTo((BatchStates.Refused, PublishReasons.PackageSetInvalid)));
        Assert.That(record.Reason, Does.Contain(rule));
        Assert.That(Directory.EnumerateFileSystemEntries(_mirrorDirectory), Is.Empty);
    }
}
