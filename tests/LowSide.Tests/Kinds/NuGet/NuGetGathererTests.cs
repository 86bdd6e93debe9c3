using TransferPipeline.Shared.Persistence;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NuGet.Packaging;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Kinds.NuGet;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.NuGet;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Kinds.NuGet;

/// <summary>nuget requests gathered from a v3 feed the test serves on 127.0.0.1, and the attacks a lock file or feed can make.</summary>
public sealed class NuGetGathererTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private static readonly TestNuGetPackage Words = new("Acme.Words", "2.1.0") { Greeting = "words" };
    private static readonly TestNuGetPackage Greeter = new("Acme.Greeter", "1.0.0")
    {
        Dependencies = new Dictionary<string, string> { ["Acme.Words"] = "2.1.0" },
    };

    private TestNuGetFeed _feed = null!;
    private TestSite _site = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _feed = await TestNuGetFeed.StartAsync();
        _feed.Publish(Words, Greeter);
        _site = await TestSite.CreateAsync(Provider, _feed.Url + "/");
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _site.DisposeAsync();
        await _feed.DisposeAsync();
    }

    private static NewRequest Request(string serviceIndex, string name, string? document = null) => new()
    {
        Kind = ArtifactKinds.NuGet,
        Source = serviceIndex,
        Name = name,
        Document = document,
        Requester = "dana",
        Justification = "service build",
    };

    // As `dotnet restore` writes it: a Direct entry, its Transitive dependency, and a Project reference.
    private static JsonObject Lock(params (TestNuGetPackage Package, string Type)[] entries)
    {
        var target = new JsonObject { ["Ward.Shared"] = new JsonObject { ["type"] = "Project" } };
        foreach (var (package, type) in entries)
        {
            target[package.Id] = new JsonObject
            {
                ["type"] = type,
                ["resolved"] = package.Version,
                ["contentHash"] = Convert.ToBase64String(SHA512.HashData(package.Pack())),
            };
        }

        return new JsonObject { ["version"] = 1, ["dependencies"] = new JsonObject { ["net10.0"] = target } };
    }

    private async Task<NuGetPackageSet> SetAsync(ArtifactRequest gathered)
    {
        var store = await _site.GetAsync<ContentStore>();
        await using var stream = store.OpenRead(gathered.ResolvedDigest!);
        var blobs = (await (await _site.GetAsync<RequestRepository>()).GetBlobsAsync(gathered.Id, CancellationToken.None)).Select(b => b.Digest);
        return await NuGetPackageSetFormat.ReadAsync(stream, gathered.Source, gathered.Name!, [.. blobs], CancellationToken.None);
    }

    private static string Sha256Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Test]
    public async Task Gather_Pins_SetOfExactlyThoseVersionsWithBothHashes()
    {
        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_feed.ServiceIndex, "Acme.Greeter@1.0.0 acme.words@2.1.0"));

        Assert.That(gathered.Status, Is.EqualTo(RequestStatus.Gathered), gathered.Failure);
        var set = await SetAsync(gathered);
        Assert.That(set.Requested, Is.EqualTo(new[] { "Acme.Greeter@1.0.0", "acme.words@2.1.0" }));
        Assert.That(set.Packages.Select(p => (p.Id, p.Path)), Is.EqualTo(new[]
        {
            ("Acme.Greeter", "acme.greeter/1.0.0/acme.greeter.1.0.0.nupkg"), ("Acme.Words", "acme.words/2.1.0/acme.words.2.1.0.nupkg"),
        }));
        var bytes = Greeter.Pack();
        var store = await _site.GetAsync<ContentStore>();
        Assert.That(File.ReadAllBytes(store.PathOf(set.Packages[0].Digest)), Is.EqualTo(bytes));
        Assert.That((set.Packages[0].Sha512, set.Packages[0].ContentHash), Is.EqualTo((Convert.ToBase64String(SHA512.HashData(bytes)), (string?)null)));
    }

    [Test]
    public async Task Gather_LockFile_EveryResolvedPackageOfEveryTargetButProjects()
    {
        var lockFile = Lock((Greeter, "Direct"), (Words, "Transitive"));
        var other = new TestNuGetPackage("Acme.Linux", "1.0.0");
        _feed.Publish(other);
        lockFile["dependencies"]!["net10.0/linux-x64"] = Lock((other, "CentralTransitive"), (Words, "Transitive"))["dependencies"]!["net10.0"]!.DeepClone();

        var gathered = await TestRequests.SubmitAndGatherAsync(_site,
            Request(_feed.ServiceIndex, "Ward.Api/packages.lock.json", lockFile.ToJsonString()));

        Assert.That(gathered.Status, Is.EqualTo(RequestStatus.Gathered), gathered.Failure);
        var set = await SetAsync(gathered);
        Assert.That((set.Requested.Count, set.Packages.Select(p => p.Id)), Is.EqualTo((0, new[] { "Acme.Greeter", "Acme.Linux", "Acme.Words" })));
        Assert.That(set.Packages.Select(p => p.ContentHash), Is.EqualTo(set.Packages.Select(p => p.Sha512)));
    }

    [Test]
    public async Task Gather_SignedPackage_ContentHashIsNuGetsNotTheFileSha512()
    {
        var signed = new TestNuGetPackage("Acme.Signed", "1.0.0") { WithSignature = true };
        _feed.Publish(signed);
        using var reader = new PackageArchiveReader(new MemoryStream(signed.Pack()));
        var contentHash = reader.GetContentHash(CancellationToken.None);
        var lockFile = Lock();
        lockFile["dependencies"]!["net10.0"]![signed.Id] = new JsonObject
        {
            ["type"] = "Direct",
            ["resolved"] = "1.0.0",
            ["contentHash"] = contentHash,
        };

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_feed.ServiceIndex, "packages.lock.json", lockFile.ToJsonString()));

        Assert.That(gathered.Status, Is.EqualTo(RequestStatus.Gathered), gathered.Failure);
        var package = (await SetAsync(gathered)).Packages.Single();
        Assert.That(package.ContentHash, Is.EqualTo(contentHash).And.Not.EqualTo(package.Sha512));
    }

    [Test]
    public async Task Gather_PackageReplacedUpstream_IntegrityMismatchAndNothingStored()
    {
        var document = Lock((Greeter, "Direct"), (Words, "Transitive")).ToJsonString();
        var forged = (Words with { Greeting = "forged" }).Pack();
        _feed.WriteFile($"{TestNuGetFeed.FlatContainerPath}/{NuGetNames.PackagePath(Words.Id, Words.Version)}", forged);

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_feed.ServiceIndex, "packages.lock.json", document));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, NuGetReasons.IntegrityMismatch)), gathered.Failure);
        Assert.That((await _site.GetAsync<ContentStore>()).Contains(Sha256Digest(forged)), Is.False);
    }

    [TestCase("other id")]
    [TestCase("other version")]
    public async Task Gather_NuspecNotThePackageRequested_MetadataInvalidAndNothingStored(string lie)
    {
        var liar = lie == "other id" ? Words with { NuspecId = "Acme.Other" } : Words with { NuspecVersion = "2.1.1" };
        var bytes = liar.Pack();
        _feed.WriteFile($"{TestNuGetFeed.FlatContainerPath}/{NuGetNames.PackagePath(Words.Id, Words.Version)}", bytes);

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_feed.ServiceIndex, "Acme.Words@2.1.0"));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, NuGetReasons.MetadataInvalid)), gathered.Failure);
        Assert.That((await _site.GetAsync<ContentStore>()).Contains(Sha256Digest(bytes)), Is.False);
    }

    [Test]
    public async Task Gather_NotAZip_MetadataInvalid()
    {
        _feed.WriteFile($"{TestNuGetFeed.FlatContainerPath}/{NuGetNames.PackagePath(Words.Id, Words.Version)}", "<html>not found</html>"u8.ToArray());

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_feed.ServiceIndex, "Acme.Words@2.1.0"));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, NuGetReasons.MetadataInvalid)), gathered.Failure);
    }

    [Test]
    public async Task Gather_FlatContainerOnAnotherServer_SourceNotAllowedAndNothingFetchedThere()
    {
        await using var elsewhere = await TestNuGetFeed.StartAsync();
        elsewhere.Publish(Words);
        _site.Configure(json => json["Sources"]!["Allowed"] = new JsonArray(_feed.Url + "/", elsewhere.Url + "/"));
        _feed.WriteServiceIndex($"{elsewhere.Url}/{TestNuGetFeed.FlatContainerPath}/");

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_feed.ServiceIndex, "Acme.Words@2.1.0"));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, LowSideReasons.SourceNotAllowed)), gathered.Failure);
        Assert.That(elsewhere.Requests, Is.Empty);
    }

    [Test]
    public async Task Gather_FlatContainerNotAllowedBySources_SourceNotAllowed()
    {
        _site.Configure(json => json["Sources"]!["Allowed"] = new JsonArray(_feed.Url + "/v3/"));
        _feed.WriteServiceIndex($"{_feed.Url}/elsewhere/flat/");

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_feed.ServiceIndex, "Acme.Words@2.1.0"));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, LowSideReasons.SourceNotAllowed)), gathered.Failure);
        Assert.That(_feed.Requests, Has.None.Contains("/elsewhere/"));
    }

    [TestCase("""{"version": "3.0.0", "resources": []}""")]
    [TestCase("""{"version": "3.0.0", "resources": [{"@id": "ftp://127.0.0.1/flat/", "@type": "PackageBaseAddress/3.0.0"}]}""")]
    [TestCase("""{"version": "3.0.0", """)]
    public async Task Gather_ServiceIndexWithoutAUsableFlatContainer_MetadataInvalid(string index)
    {
        _feed.WriteFile("v3/index.json", System.Text.Encoding.UTF8.GetBytes(index));

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_feed.ServiceIndex, "Acme.Words@2.1.0"));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, NuGetReasons.MetadataInvalid)), gathered.Failure);
    }

    [TestCase("""{"version": 1, "dependencies": """, "not JSON")]
    [TestCase("""{"version": 3, "dependencies": {}}""", "version 1 or 2")]
    [TestCase("""{"version": 1, "dependencies": {"net10.0": {"P": {"type": "Project"}}}}""", "no package")]
    [TestCase("""{"version": 1, "dependencies": {"net10.0": {"A": {"type": "Direct", "resolved": "[1.0.0, )", "contentHash": "{hash}"}}}}""",
        "normalised")]
    [TestCase("""{"version": 1, "dependencies": {"net10.0": {"A": {"type": "Direct", "resolved": "1.0.0", "contentHash": "abc"}}}}""",
        "content hash")]
    [TestCase("""{"version": 1, "dependencies": {"net10.0": {"../../etc": {"type": "Direct", "resolved": "1.0.0", "contentHash": "{hash}"}}}}""",
        "no valid id")]
    [TestCase("""{"version": 1, "dependencies": {"net10.0": {"A": {"type": "Floating", "resolved": "1.0.0", "contentHash": "{hash}"}}}}""",
        "type 'Floating'")]
    [TestCase("""{"version": 2, "dependencies": {"net10.0": {"A": {"type": "Direct", "resolved": "1.0.0", "contentHash": "{hash}"}},"""
        + """ "net9.0": {"a": {"type": "Direct", "resolved": "1.0.0", "contentHash": "{other}"}}}}""", "different content hashes")]
    public async Task Gather_MalformedLockFile_LockFileInvalid(string document, string message)
    {
        var text = document.Replace("{hash}", Convert.ToBase64String(new byte[64]), StringComparison.Ordinal)
            .Replace("{other}", Convert.ToBase64String(Enumerable.Repeat((byte)1, 64).ToArray()), StringComparison.Ordinal);

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_feed.ServiceIndex, "packages.lock.json", text));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, NuGetReasons.LockFileInvalid)), gathered.Failure);
        Assert.That(gathered.Failure, Does.Contain(message));
    }

    [TestCase("A@1.0.0 B.C@2.0.0-rc.1", null, true)]
    [TestCase("A@[1.0.0,)", null, false)]
    [TestCase("A@1.0", null, false)]
    [TestCase("A", null, false)]
    [TestCase(null, null, false)]
    [TestCase("Ward.Api/packages.lock.json", "{}", true)]
    [TestCase("packages.lock.json", "{}", true)]
    [TestCase("A@1.0.0", "{}", false)]
    [TestCase("packages.lock.json", null, false)]
    public void Validate_NameAndDocument_PinsOrALockFileLabel(string? name, string? document, bool valid)
    {
        var result = new NewRequestValidator().Validate(Request("https://api.nuget.org/v3/index.json", name!, document));

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }
}
