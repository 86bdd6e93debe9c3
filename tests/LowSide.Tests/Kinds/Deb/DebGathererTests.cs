using System.Security.Cryptography;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Kinds.Deb;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Kinds.Deb;

/// <summary>
/// Dependency closures gathered from one real signed repository (dpkg-deb, apt-ftparchive, gpg) through the request and
/// gather path, each ending in a package set the batch format's DEB rules accept.
/// </summary>
[TestFixture]
internal sealed partial class DebGathererTests
{
    private static DebRepository _repository = null!;

    private static readonly TestDebianPackage[] Universe =
    [
        new("hello", "2.10-3", "amd64") { PreDepends = "libc6 (>= 2.36)", Depends = "libgreet (>= 1.0), mail-transport-agent" },
        new("libc6", "2.36-9", "amd64"),
        new("libgreet", "1.2-1") { Depends = "libc6:any" },
        new("postfix", "3.7.11-0", "amd64") { Provides = "mail-transport-agent" },
        new("unrelated", "1.0"),
        new("alt-app", "1.0") { Depends = "absent-pkg | alt-b | alt-c, alt-c | alt-b" },
        new("alt-b", "1.0"),
        new("alt-c", "1.0"),
        new("abi-app", "1.0") { Depends = "libfoo-abi (>= 2)" },
        new("libfoo1", "1.0") { Provides = "libfoo-abi" },
        new("libfoo2", "2.1") { Provides = "libfoo-abi (= 2.1)" },
        new("libv", "1.0"), new("libv", "1.5"), new("libv", "2.0~rc1"), new("libv", "2.0"),
        new("want-lt", "1") { Depends = "libv (<< 2.0)" },
        new("want-le", "1") { Depends = "libv (<= 1.5)" },
        new("want-eq", "1") { Depends = "libv (= 1.0)" },
        new("want-ge", "1") { Depends = "libv (>= 1.0)" },
        new("want-gt", "1") { Depends = "libv:any (>> 2.0~rc1)" },
        new("cyc-a", "1.0") { Depends = "cyc-b" },
        new("cyc-b", "1.0") { PreDepends = "cyc-a" },
        new("needs-arm", "1.0") { Depends = "arm-only" },
        new("arm-only", "1.0", "arm64"),
        new("needs-new", "1.0") { Depends = "libgreet (>= 3.0)" },
    ];

    [OneTimeSetUp]
    public static async Task BuildRepositoryAsync() => _repository = await DebRepositories.CreateAsync(Universe);

    [Test]
    public async Task Gather_DependsAndPreDepends_ResolvesTheClosureAndNothingElse()
    {
        var (_, set) = await GatherSetAsync(_repository, "hello");

        Assert.That(set.Packages.Select(p => p.Package), Is.EquivalentTo(new[] { "hello", "libc6", "libgreet", "postfix" }));
        Assert.That(set.Requested, Is.EqualTo(new[] { "hello" }));
        Assert.That(set.Release?.Origin, Is.EqualTo("Test"));
    }

    [TestCase("alt-app", new[] { "alt-app", "alt-b" }, TestName = "Gather_Alternatives_FirstSatisfiableThenTheOneChosenWins")]
    [TestCase("abi-app", new[] { "abi-app", "libfoo2" }, TestName = "Gather_VersionedVirtualPackage_OnlyAVersionedProvideMeetsIt")]
    [TestCase("cyc-a", new[] { "cyc-a", "cyc-b" }, TestName = "Gather_DependencyCycle_EachPackageOnce")]
    [TestCase("hello unrelated", new[] { "hello", "libc6", "libgreet", "postfix", "unrelated" }, TestName = "Gather_TwoNames_BothClosures")]
    public async Task Gather_Relations_ChoosesThesePackages(string names, string[] expected)
    {
        var (_, set) = await GatherSetAsync(_repository, names);

        Assert.That(set.Packages.Select(p => p.Package), Is.EquivalentTo(expected));
    }

    [TestCase("want-lt", "2.0~rc1")]
    [TestCase("want-le", "1.5")]
    [TestCase("want-eq", "1.0")]
    [TestCase("want-ge", "2.0")]
    [TestCase("want-gt", "2.0")]
    public async Task Gather_VersionConstraint_ChoosesTheHighestVersionMeetingIt(string app, string version)
    {
        var (_, set) = await GatherSetAsync(_repository, app);

        Assert.That(set.Packages.Single(p => p.Package == "libv").Version, Is.EqualTo(version));
    }

    [Test]
    public async Task Gather_FullFlow_StoresEachDebAsIndexedAndTheBatchCanTakeIt()
    {
        await using var site = await DebRepositories.SiteAsync();
        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Deb(_repository.Url, "stable", "hello"));
        var set = await ReadSetAsync(site, request);

        var store = await site.GetAsync<ContentStore>();
        foreach (var package in set.Packages)
        {
            var onDisk = await File.ReadAllBytesAsync(_repository.PathOf(package.Filename));
            Assert.That(package.Digest, Is.EqualTo("sha256:" + Convert.ToHexStringLower(SHA256.HashData(onDisk))));
            Assert.That(store.SizeOf(package.Digest), Is.EqualTo(onDisk.Length));
        }

        Assert.That(request.MediaType, Is.EqualTo(DebianPackageSet.MediaType));
        var blobs = await (await site.GetAsync<RequestRepository>()).GetBlobsAsync(request.Id, CancellationToken.None);
        var summary = await DebSetSummary.ReadAsync(store, request, blobs, CancellationToken.None);
        Assert.That(summary?.Packages, Does.Contain("hello 2.10-3 amd64").And.Count.EqualTo(4));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var cut = await (await site.GetAsync<BatchCutService>()).CutAsync(site.Media, null, timeout.Token);
        Assert.That(cut.IsOk, Is.True, cut.Error?.Message);
        var manifest = await File.ReadAllTextAsync(Path.Combine(site.Media, cut.Value!.Id + "-v001", BatchFileNames.Manifest));
        var artifact = System.Text.Json.Nodes.JsonNode.Parse(manifest)!["artifacts"]!.AsArray().Single()!;
        Assert.That(((string?)artifact["kind"], (string?)artifact["name"], (string?)artifact["source"]),
            Is.EqualTo((ArtifactKinds.Deb, "hello", request.Source)));
    }

    [Test]
    public async Task Gather_IndexOnlyAsXz_DecompressedWithXz()
    {
        var repository = await DebRepositories.CreateAsync([new("hello", "1.0") { Depends = "libgreet" }, new("libgreet", "1.0")]);
        var binary = repository.PathOf("dists/stable/main/binary-amd64");
        File.Delete(Path.Combine(binary, "Packages.gz"));
        await ProcessRunner.RunAsync("xz", ["-z", Path.Combine(binary, "Packages")]);
        await TestDebianRepository.WriteReleaseAsync(repository.Root, DebRepositories.Archive);
        Assert.That(File.ReadAllText(repository.PathOf("dists/stable/Release")), Does.Contain("Packages.xz").And.Not.Contain("Packages.gz"));

        var (_, set) = await GatherSetAsync(repository, "hello");

        Assert.That(set.Packages.Select(p => p.Package), Is.EquivalentTo(new[] { "hello", "libgreet" }));
    }

    [Test]
    public async Task Gather_ArmouredKeyring_IsDearmouredForGpgv()
    {
        var armoured = DebRepositories.Archive.Home + "/keyring.asc";
        await File.WriteAllBytesAsync(armoured, (await DebRepositories.Archive.GpgAsync("--armor", "--export")).StandardOutputBytes);

        var (request, set) = await GatherSetAsync(_repository, "libgreet", armoured);

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(set.Packages.Select(p => p.Package), Is.EquivalentTo(new[] { "libgreet", "libc6" }));
    }

    private static async Task<(ArtifactRequest Request, DebianPackageSet Set)> GatherSetAsync(
        DebRepository repository, string names, params string[] keyrings)
    {
        await using var site = await DebRepositories.SiteAsync(keyrings);
        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Deb(repository.Url, "stable", names));
        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        return (request, await ReadSetAsync(site, request));
    }

    // As the high side reads it: the set must pass every DEB rule against the artifact the batch will list.
    private static async Task<DebianPackageSet> ReadSetAsync(TestSite site, ArtifactRequest request)
    {
        var blobs = await (await site.GetAsync<RequestRepository>()).GetBlobsAsync(request.Id, CancellationToken.None);
        await using var stream = (await site.GetAsync<ContentStore>()).OpenRead(request.ResolvedDigest!);
        return await DebianPackageSetFormat.ReadAsync(stream, request.Source, request.Name!, [.. blobs.Select(b => b.Digest)], CancellationToken.None);
    }

    private static async Task<ArtifactRequest> GatherAsync(DebRepository repository, string names, string suite = "stable")
    {
        await using var site = await DebRepositories.SiteAsync();
        return await TestRequests.SubmitAndGatherAsync(site, TestRequests.Deb(repository.Url, suite, names));
    }
}
