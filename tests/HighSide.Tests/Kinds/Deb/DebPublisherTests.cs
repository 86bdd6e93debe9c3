using TransferPipeline.Shared.Persistence;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.HighSide.Kinds.Deb;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Kinds.Deb;

/// <summary>
/// Deb artifacts end to end on a real high side: real .debs (dpkg-deb, apt-ftparchive) imported, approved and published
/// into a signed apt repository, verified with the real gpgv and installed from with the real apt-get over HTTP.
/// </summary>
[OnBothProviders]
public sealed class DebPublisherTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    private static readonly TestDebianPackage Hello = new("hello", "1:2.10-3", "amd64") { Depends = "libgreet (>= 1.0)" };
    private static readonly TestDebianPackage Libgreet = new("libgreet", "1.2-1");

    private TempDirectory _upstream = null!;
    private TestOpenPgpKey _upstreamKey = null!;

    private string Repository => Path.Combine(HighSide.DebianMirror, "deb.example.org", "debian");
    private string Suite => Path.Combine(Repository, "dists", "stable");
    private string PublicKey => Path.Combine(HighSide.DebianMirror, SiteArchiveKey.PublicKeyFileName);

    [SetUp]
    public async Task CreateUpstreamAsync()
    {
        _upstream = new TempDirectory("upstream");
        _upstreamKey = await TestOpenPgpKey.CreateAsync();
    }

    [TearDown]
    public void RemoveUpstream()
    {
        _upstreamKey.Dispose();
        _upstream.Dispose();
    }

    [Test]
    public async Task Publish_PackageWithADependency_SignedRepositoryThatAptGetInstallsFrom()
    {
        var artifact = await ArtifactAsync("first", "hello", Hello, Libgreet);

        await PublishAsync(1, artifact);

        var clearSigned = await Gpgv.VerifyAsync(PublicKey, Path.Combine(Suite, "InRelease"));
        var detached = await Gpgv.VerifyAsync(PublicKey, Path.Combine(Suite, "Release.gpg"), Path.Combine(Suite, "Release"));
        var fingerprint = (await HighSide.Get<SiteArchiveKey>().LoadAsync(CancellationToken.None)).Fingerprint;
        Assert.That((clearSigned.ExitCode, detached.ExitCode), Is.EqualTo((0, 0)), clearSigned + "\n" + detached);
        Assert.That(clearSigned.StandardError, Does.Contain($"using EDDSA key {fingerprint}"));
        var release = Deb822Reader.ReadOne((await File.ReadAllTextAsync(Path.Combine(Suite, "Release"))).TrimEnd('\n'));
        Assert.That((release["Suite"], release["Codename"], release["Architectures"], release["Components"], release["Acquire-By-Hash"]),
            Is.EqualTo(("stable", "stable", "amd64", "main", "yes")));
        var date = Scenario.Clock.GetUtcNow().ToString("ddd, dd MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        Assert.That(release["Date"], Is.EqualTo(date));
        foreach (var line in release["SHA256"]!.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (sha256, size, path) = (line.Split(' ')[1], line.Split(' ')[2], line.Split(' ')[3]);
            var file = Path.Combine(Suite, path);
            var length = new FileInfo(file).Length.ToString(CultureInfo.InvariantCulture);
            Assert.That((await Sha256SumAsync(file), length), Is.EqualTo((sha256, size)));
            Assert.That(await Sha256SumAsync(Path.Combine(Path.GetDirectoryName(file)!, "by-hash", "SHA256", sha256)), Is.EqualTo(sha256));
        }

        await using var server = await StaticFileServer.StartAsync(HighSide.DebianMirror);
        using var apt = AptClient.Create($"deb [signed-by={PublicKey}] {server.BaseUri}deb.example.org/debian stable main");
        var update = await apt.UpdateAsync();
        Assert.That(update.ExitCode, Is.Zero, update.ToString());
        Assert.That(update.Combined, Does.Not.Contain("W: ").And.Not.Contain("E: "), "apt-get update warned: not trusted as signed");
        var install = await apt.InstallAsync("hello");
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        Assert.That(File.Exists(Path.Combine(apt.Root, "usr", "share", "doc", "hello", "hello.txt")), Is.True, install.ToString());
        Assert.That(File.Exists(Path.Combine(apt.Root, "usr", "share", "doc", "libgreet", "hello.txt")), Is.True, install.ToString());
    }

    [Test]
    public async Task Publish_SecondBatchWithAnotherPackage_IndexListsBoth()
    {
        await PublishAsync(1, await ArtifactAsync("first", "hello", Hello, Libgreet));

        await PublishAsync(2, await ArtifactAsync("second", "tool", new TestDebianPackage("tool", "0.9-1", "amd64")));

        Assert.That(await IndexedAsync(), Is.EqualTo(new[] { "hello", "libgreet", "tool" }));
        var apt = await Gpgv.VerifyAsync(PublicKey, Path.Combine(Suite, "InRelease"));
        Assert.That(apt.ExitCode, Is.Zero, apt.ToString());
    }

    [Test]
    public async Task PublishAsync_TheSameArtifactAgain_ChangesNothing()
    {
        var batchId = await PublishAsync(1, await ArtifactAsync("first", "hello", Hello, Libgreet));
        var before = Snapshot();

        var batch = (await HighSide.Get<BatchRepository>().FindAsync(batchId, CancellationToken.None))!;
        var target = (await HighSide.Get<PublishPlanner>().PlanAsync(batch, CancellationToken.None)).Value!.Targets.Single();
        var publisher = HighSide.Services.GetRequiredKeyedService<IArtifactPublisher>(ArtifactKinds.Deb);
        await publisher.PublishAsync(batchId, target.Artifact, CancellationToken.None);

        Assert.That(Snapshot(), Is.EqualTo(before));
        Assert.That(target.Line, Is.EqualTo($"deb {Repository} stable main hello {target.Artifact.Digest}"));
    }

    [Test]
    public async Task Publish_SamePoolPathWithOtherBytes_RefusedPoolConflict()
    {
        await PublishAsync(1, await ArtifactAsync("first", "hello", Hello, Libgreet));
        var before = Snapshot();
        var rebuilt = await ArtifactAsync("rebuilt", "hello", Hello with { Content = "rebuilt upstream" }, Libgreet);
        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, await Scenario.WriteVolumeAsync(2, [rebuilt]));

        var outcome = await HighSide.Get<PublishService>().PublishAsync(batchId, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(PublishReasons.PoolConflict), outcome.Error?.Message);
        var batch = await HighSide.Get<BatchRepository>().FindAsync(batchId, CancellationToken.None);
        Assert.That(batch!.State, Is.EqualTo(BatchStates.Refused));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task Publish_LaterBatchListsTheSameDebWithAStanzaOfItsOwn_TheStanzaFirstPublishedStays()
    {
        var root = _upstream.Combine("first");
        var built = await DebArtifacts.BuildUpstreamAsync(root, _upstreamKey, [Hello, Libgreet]);
        await PublishAsync(1, await DebArtifacts.AddAsync(Scenario.Store, root, DebArtifacts.Set(built, "hello")));
        var index = Path.Combine(Suite, "main", "binary-amd64", "Packages");
        var before = await File.ReadAllTextAsync(index);

        // A batch signed with a stolen key lists libgreet's very .deb, with a stanza that removes the site's ssh server.
        var hostile = built.Select(p => p.Package == "libgreet" ? p with { Control = p.Control.TrimEnd('\n') + "\nConflicts: openssh-server" } : p)
            .ToList();
        await PublishAsync(2, await DebArtifacts.AddAsync(Scenario.Store, root, DebArtifacts.Set(hostile, "libgreet")));

        Assert.That(await File.ReadAllTextAsync(index), Is.EqualTo(before).And.Not.Contain("openssh-server"));
    }

    [Test]
    public async Task Publish_WithAnOperatorsKey_SignedWithThatKey()
    {
        using var operatorKey = await TestOpenPgpKey.CreateAsync("Site Archive <apt@site.invalid>");
        var secret = _upstream.Combine("operator.asc");
        await File.WriteAllBytesAsync(secret, (await operatorKey.GpgAsync("--armor", "--export-secret-keys")).StandardOutputBytes);
        await using var highSide = await HighSideHarness.CreateAsync(Scenario.Clock, json => json["Mirrors"]!["DebianSigningKey"] = secret);
        await highSide.TrustAsync(Scenario.Key.PublicKey, "site-a");
        var id = await PublishedBatchFlow.ImportAndApproveAsync(highSide,
            await Scenario.WriteVolumeAsync(1, [await ArtifactAsync("first", "hello", Hello, Libgreet)]));

        await PublishedBatchFlow.PublishAsync(highSide, id);

        var suite = Path.Combine(highSide.DebianMirror, "deb.example.org", "debian", "dists", "stable");
        var verified = await ProcessRunner.RunAsync("gpgv", ["--keyring", operatorKey.KeyringPath, Path.Combine(suite, "InRelease")]);
        Assert.That(verified.ExitCode, Is.Zero, verified.ToString());
        Assert.That(File.Exists(SiteArchiveKey.GeneratedKeyFile(highSide.Data)), Is.True, "init made the high side's own key");
        Assert.That(await highSide.AuditEntriesAsync(SiteArchiveKey.CreatedAction), Is.Empty);
    }

    private async Task<BatchArtifactInput> ArtifactAsync(string upstream, string requested, params TestDebianPackage[] packages)
    {
        var root = _upstream.Combine(upstream);
        var built = await DebArtifacts.BuildUpstreamAsync(root, _upstreamKey, packages);
        return await DebArtifacts.AddAsync(Scenario.Store, root, DebArtifacts.Set(built, requested));
    }

    private async Task<string> PublishAsync(long sequence, BatchArtifactInput artifact)
    {
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, await Scenario.WriteVolumeAsync(sequence, [artifact]));
        await PublishedBatchFlow.PublishAsync(HighSide, id);
        return id;
    }

    private async Task<IReadOnlyList<string>> IndexedAsync()
    {
        using var reader = new StreamReader(Path.Combine(Suite, "main", "binary-amd64", "Packages"));
        return [.. Deb822Reader.Read(reader).Select(p => p["Package"]!)];
    }

    // Every file of the mirror with its bytes and last write time: what a republish must leave as it was.
    private Dictionary<string, (string Sha256, DateTime Written)> Snapshot() =>
        Directory.EnumerateFiles(HighSide.DebianMirror, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(HighSide.DebianMirror, f),
            f => (Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), File.GetLastWriteTimeUtc(f)));

    private static async Task<string> Sha256SumAsync(string file) =>
        (await ProcessRunner.RunAsync("sha256sum", [file])).StandardOutput.Split(' ')[0];
}
