using TransferPipeline.Shared.Persistence;
using System.Text.Json.Nodes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Kinds.Npm;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Kinds.Npm;

/// <summary>npm requests gathered from a registry the test serves on 127.0.0.1, and the attacks a lock file or registry can make.</summary>
public sealed class NpmGathererTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private static readonly TestNpmPackage Words = new("@acme/words", "2.1.0") { Greeting = "words" };
    private static readonly TestNpmPackage Greeter = new("greeter", "1.0.0")
    {
        Dependencies = new Dictionary<string, string> { ["@acme/words"] = "^2.1.0" },
    };

    private TestNpmRegistry _registry = null!;
    private TestSite _site = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _registry = await TestNpmRegistry.StartAsync();
        _registry.Publish(Words, Greeter);
        _site = await TestSite.CreateAsync(Provider, _registry.Url + "/");
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _site.DisposeAsync();
        await _registry.DisposeAsync();
    }

    private static NewRequest Request(string registry, string name, string? document = null) => new()
    {
        Kind = ArtifactKinds.Npm,
        Source = registry,
        Name = name,
        Document = document,
        Requester = "dana",
        Justification = "front-end build",
    };

    private JsonObject Lock(params TestNpmPackage[] packages)
    {
        var entries = new JsonObject { [""] = new JsonObject { ["name"] = "web", ["version"] = "1.0.0" } };
        foreach (var package in packages)
        {
            var file = NpmNames.TarballPath(package.Name, package.Version);
            entries["node_modules/" + package.Name] = new JsonObject
            {
                ["version"] = package.Version,
                ["resolved"] = $"{_registry.Url}/{file}",
                ["integrity"] = _registry.Publish(package)[0],
            };
        }

        return new JsonObject { ["name"] = "web", ["lockfileVersion"] = 3, ["requires"] = true, ["packages"] = entries };
    }

    private async Task<NpmPackageSet> SetAsync(ArtifactRequest gathered)
    {
        var store = await _site.GetAsync<ContentStore>();
        await using var stream = store.OpenRead(gathered.ResolvedDigest!);
        var blobs = (await (await _site.GetAsync<RequestRepository>()).GetBlobsAsync(gathered.Id, CancellationToken.None)).Select(b => b.Digest);
        return await NpmPackageSetFormat.ReadAsync(stream, gathered.Source, gathered.Name!, [.. blobs], CancellationToken.None);
    }

    [Test]
    public async Task Gather_Pins_SetOfExactlyThoseVersionsWithTheirEntries()
    {
        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_registry.Url, "greeter@1.0.0 @acme/words@2.1.0"));

        Assert.That(gathered.Status, Is.EqualTo(RequestStatus.Gathered), gathered.Failure);
        var set = await SetAsync(gathered);
        Assert.That(set.Requested, Is.EqualTo(new[] { "greeter@1.0.0", "@acme/words@2.1.0" }));
        Assert.That(set.Packages.Select(p => p.Path), Is.EqualTo(new[] { "@acme/words/-/words-2.1.0.tgz", "greeter/-/greeter-1.0.0.tgz" }));
        var store = await _site.GetAsync<ContentStore>();
        Assert.That(File.ReadAllBytes(store.PathOf(set.Packages[1].Digest)), Is.EqualTo(Greeter.Pack()));
        Assert.That(set.Packages[1].Metadata.GetProperty("dependencies").GetProperty("@acme/words").GetString(), Is.EqualTo("^2.1.0"));
    }

    [Test]
    public async Task Gather_LockFile_EveryPackageItLists()
    {
        var document = Lock(Greeter, Words).ToJsonString();

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_registry.Url, "web/package-lock.json", document));

        Assert.That(gathered.Status, Is.EqualTo(RequestStatus.Gathered), gathered.Failure);
        var set = await SetAsync(gathered);
        Assert.That((set.Requested.Count, set.Packages.Select(p => p.Name)), Is.EqualTo((0, new[] { "@acme/words", "greeter" })));
    }

    [Test]
    public async Task Gather_TarballReplacedUpstream_IntegrityMismatchAndNothingStored()
    {
        var document = Lock(Greeter, Words).ToJsonString();
        var forged = (Words with { Greeting = "forged" }).Pack();
        _registry.WriteFile(NpmNames.TarballPath(Words.Name, Words.Version), forged);

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_registry.Url, "web/package-lock.json", document));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, NpmReasons.IntegrityMismatch)), gathered.Failure);
        var store = await _site.GetAsync<ContentStore>();
        Assert.That(store.Contains("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(forged))), Is.False);
    }

    [Test]
    public async Task Gather_LockIntegrityNotTheRegistrys_IntegrityMismatch()
    {
        var lockFile = Lock(Greeter);
        lockFile["packages"]!["node_modules/greeter"]!["integrity"] = _registry.Publish(Words)[0];

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_registry.Url, "package-lock.json", lockFile.ToJsonString()));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, NpmReasons.IntegrityMismatch)), gathered.Failure);
    }

    [TestCase("http://127.0.0.1:9/greeter/-/greeter-1.0.0.tgz")]
    [TestCase("{registry}@elsewhere.example/greeter/-/greeter-1.0.0.tgz")]
    [TestCase("{registry}/greeter/-/greeter-1.0.0.tgz?x=1")]
    public async Task Gather_LockEntryResolvedOutsideTheRegistry_SourceNotAllowed(string resolved)
    {
        var lockFile = Lock(Greeter, Words);
        lockFile["packages"]!["node_modules/greeter"]!["resolved"] = resolved.Replace("{registry}", _registry.Url, StringComparison.Ordinal);

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_registry.Url, "package-lock.json", lockFile.ToJsonString()));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, LowSideReasons.SourceNotAllowed)), gathered.Failure);
        Assert.That(_registry.Requests, Has.None.Contains("elsewhere"));
    }

    [TestCase("{\"lockfileVersion\": 3, \"packages\": ", "not JSON")]
    [TestCase("{\"lockfileVersion\": 1, \"dependencies\": {}}", "lockfileVersion 2 or 3")]
    [TestCase("{\"lockfileVersion\": 3, \"packages\": {\"\": {}}}", "no package")]
    [TestCase("{\"lockfileVersion\": 3, \"packages\": {\"node_modules/x\": {\"version\": \"1.0.0\", "
        + "\"resolved\": \"git+ssh://git@github.com/x/x.git#abc\", \"integrity\": null}}}", "not from a registry")]
    [TestCase("{\"lockfileVersion\": 3, \"packages\": {\"node_modules/x\": {\"version\": \"1.0.0\", "
        + "\"resolved\": \"file:../x\"}}}", "not from a registry")]
    [TestCase("{\"lockfileVersion\": 3, \"packages\": {\"node_modules/x\": {\"version\": \"1.0.0\", "
        + "\"resolved\": \"{registry}/x/-/x-1.0.0.tgz\", \"integrity\": \"sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=\"}}}", "integrity")]
    [TestCase("{\"lockfileVersion\": 2, \"packages\": {\"node_modules/../../etc\": {\"version\": \"1.0.0\"}}}", "no valid package name")]
    public async Task Gather_MalformedLockFile_LockFileInvalid(string document, string message)
    {
        var text = document.Replace("{registry}", _registry.Url, StringComparison.Ordinal);

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_registry.Url, "package-lock.json", text));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, NpmReasons.LockFileInvalid)), gathered.Failure);
        Assert.That(gathered.Failure, Does.Contain(message));
    }

    [Test]
    public async Task Gather_LockFileWithLinksAndBundles_SkipsThem()
    {
        var lockFile = Lock(Greeter);
        lockFile["packages"]!["node_modules/local"] = new JsonObject { ["resolved"] = "packages/local", ["link"] = true };
        lockFile["packages"]!["node_modules/greeter/node_modules/inner"] = new JsonObject { ["version"] = "1.0.0", ["inBundle"] = true };

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_registry.Url, "package-lock.json", lockFile.ToJsonString()));

        Assert.That(gathered.Status, Is.EqualTo(RequestStatus.Gathered), gathered.Failure);
        Assert.That((await SetAsync(gathered)).Packages.Select(p => p.Name), Is.EqualTo(new[] { "greeter" }));
    }

    [TestCase("shasum only")]
    [TestCase("other name")]
    [TestCase("missing version")]
    public async Task Gather_RegistryEntryUnusable_MetadataInvalid(string lie)
    {
        _registry.EditPackument(Greeter.Name, packument =>
        {
            var entry = packument["versions"]!["1.0.0"]!.AsObject();
            switch (lie)
            {
                case "shasum only":
                    entry["dist"]!.AsObject().Remove("integrity");
                    break;
                case "other name":
                    entry["name"] = "other";
                    break;
                default:
                    packument["versions"]!.AsObject().Remove("1.0.0");
                    break;
            }
        });

        var gathered = await TestRequests.SubmitAndGatherAsync(_site, Request(_registry.Url, "greeter@1.0.0"));

        Assert.That((gathered.Status, gathered.FailureCode), Is.EqualTo((RequestStatus.Failed, NpmReasons.MetadataInvalid)), gathered.Failure);
    }

    [TestCase("a@1.0.0 @s/b@2.0.0", null, true)]
    [TestCase("a@^1.0.0", null, false)]
    [TestCase("a", null, false)]
    [TestCase(null, null, false)]
    [TestCase("web/package-lock.json", "{}", true)]
    [TestCase("package-lock.json", "{}", true)]
    [TestCase("a@1.0.0", "{}", false)]
    [TestCase("web/package-lock.json", null, false)]
    public void Validate_NameAndDocument_PinsOrALockFileLabel(string? name, string? document, bool valid)
    {
        var result = new NewRequestValidator().Validate(Request("https://registry.npmjs.org", name!, document));

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [TestCase("https://registry.npmjs.org/")]
    [TestCase("https://registry.npmjs.org?a=1")]
    [TestCase("git+ssh://github.com/x")]
    public void Validate_SourceNotARegistryUrl_Refused(string source) =>
        Assert.That(new NewRequestValidator().Validate(Request(source, "a@1.0.0")).IsValid, Is.False);
}
