using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Npm;

public sealed class NpmPackageSetFormatTests
{
    private const string Registry = "http://127.0.0.1:9/npm";
    private const string RootDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    private const string Pins = "greeter@1.0.0 @acme/words@2.1.0-rc.1";

    private static readonly NpmPackageSet Valid = new()
    {
        Format = NpmPackageSet.CurrentFormat,
        Registry = Registry,
        Requested = ["greeter@1.0.0", "@acme/words@2.1.0-rc.1"],
        Packages =
        [
            Package(new TestNpmPackage("greeter", "1.0.0") { Dependencies = new Dictionary<string, string> { ["@acme/words"] = "^2.1.0-rc.1" } }),
            Package(new TestNpmPackage("@acme/words", "2.1.0-rc.1")),
        ],
    };

    private static NpmPackage Package(TestNpmPackage test)
    {
        var tarball = test.Pack();
        var integrity = NpmIntegrity.Of(SHA512.HashData(tarball));
        var metadata = test.PackageJson();
        metadata["dist"] = new System.Text.Json.Nodes.JsonObject { ["integrity"] = integrity, ["tarball"] = $"{Registry}/{test.Name}" };
        return new NpmPackage
        {
            Name = test.Name,
            Version = test.Version,
            FileName = NpmNames.TarballFileName(test.Name, test.Version),
            Size = tarball.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(tarball)),
            Integrity = integrity,
            Metadata = JsonSerializer.Deserialize<JsonElement>(metadata.ToJsonString()),
        };
    }

    private static IReadOnlyList<string> Blobs(NpmPackageSet set) => [RootDigest, .. set.Packages.Select(p => p.Digest).Distinct()];

    private static async Task<NpmPackageSet> RoundTripAsync(NpmPackageSet set, string name = Pins, IReadOnlyList<string>? blobs = null)
    {
        using var stream = new MemoryStream();
        await NpmPackageSetFormat.WriteAsync(stream, set, CancellationToken.None);
        stream.Position = 0;
        return await NpmPackageSetFormat.ReadAsync(stream, Registry, name, blobs ?? Blobs(set), CancellationToken.None);
    }

    [Test]
    public async Task ReadAsync_SetOfPins_RoundTripsInNameOrderWithItsMetadata()
    {
        var read = await RoundTripAsync(Valid);

        Assert.That(read.Packages.Select(p => p.Name), Is.EqualTo(new[] { "@acme/words", "greeter" }));
        Assert.That(read.Packages[1].Metadata.GetProperty("dependencies").GetProperty("@acme/words").GetString(), Is.EqualTo("^2.1.0-rc.1"));
        Assert.That(read.Packages[0].Path, Is.EqualTo("@acme/words/-/words-2.1.0-rc.1.tgz"));
    }

    [Test]
    public async Task ReadAsync_LockFileSet_NoRequestedPackages()
    {
        var read = await RoundTripAsync(Valid with { Requested = [] }, "web/package-lock.json");

        Assert.That(read.Packages, Has.Count.EqualTo(2));
    }

    private static IEnumerable<TestCaseData> BrokenSets()
    {
        static NpmPackageSet WithFirst(NpmPackageSet s, Func<NpmPackage, NpmPackage> change) =>
            s with { Packages = [change(s.Packages[0]), .. s.Packages.Skip(1)] };
        static JsonElement Json(string text) => JsonSerializer.Deserialize<JsonElement>(text);
        yield return Case("NPM-2", s => s with { Format = "transferpipeline-npm-set/2" });
        yield return Case("NPM-3", s => s with { Registry = "http://127.0.0.1:9/other" });
        yield return Case("NPM-4", s => s with { Requested = ["greeter@1.0.0"] });
        yield return Case("NPM-4", s => s with { Packages = [s.Packages[0]] }, "one package fewer than pinned");
        yield return Case("NPM-5", s => WithFirst(s, p => p with { Name = "../escape" }));
        yield return Case("NPM-5", s => WithFirst(s, p => p with { FileName = "../../x.tgz" }));
        yield return Case("NPM-5", s => WithFirst(s, p => p with { Integrity = "sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=" }));
        yield return Case("NPM-5", s => WithFirst(s, p => p with { Sha256 = p.Sha256.ToUpperInvariant() }));
        yield return Case("NPM-6", s => WithFirst(s, p => p with { Metadata = Json("[]") }));
        yield return Case("NPM-6", s => WithFirst(s, p => p with { Metadata = Json("""{"name":"other","version":"2.1.0-rc.1"}""") }));
        yield return Case("NPM-6", s => WithFirst(s, p => p with
        {
            Metadata = Json($$$"""{"name":"greeter","version":"1.0.0","dist":{"integrity":"{{{s.Packages[1].Integrity}}}"}}"""),
        }), "metadata with another package's integrity");
        yield return Case("NPM-6", s => WithFirst(s, p => p with
        {
            Metadata = Json($$"""{"name":"greeter","version":"1.0.0","x":"{{new string('a', NpmPackageSetFormat.MaxMetadataChars)}}"}"""),
        }), "oversized metadata");

        static TestCaseData Case(string rule, Func<NpmPackageSet, NpmPackageSet> change, string? what = null) =>
            new TestCaseData(rule, change).SetArgDisplayNames(rule + (what is null ? "" : " " + what));
    }

    [TestCaseSource(nameof(BrokenSets))]
    public void ReadAsync_BrokenSet_RefusedByItsRule(string rule, Func<NpmPackageSet, NpmPackageSet> change)
    {
        var broken = change(Valid);

        var ex = Assert.ThrowsAsync<NpmPackageSetException>(() => RoundTripAsync(broken));

        Assert.That(ex!.Message, Does.StartWith(rule + ":"));
    }

    [TestCase("NPM-1", """{"format":"transferpipeline-npm-set/1","registry":"http://127.0.0.1:9/npm","requested":[],"packages":[],"x":1}""")]
    [TestCase("NPM-1", """{"format":"transferpipeline-npm-set/1","registry":"http://127.0.0.1:9/npm","requested":[]}""")]
    [TestCase("NPM-1", """{"format":"transferpipeline-npm-set/1","registry":"http://127.0.0.1:9/npm","requested":[null],"packages":[]}""")]
    [TestCase("NPM-5", """{"format":"transferpipeline-npm-set/1","registry":"http://127.0.0.1:9/npm","requested":[],"packages":[]}""")]
    public void ReadAsync_MalformedJson_Refused(string rule, string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var ex = Assert.ThrowsAsync<NpmPackageSetException>(() =>
            NpmPackageSetFormat.ReadAsync(stream, Registry, "package-lock.json", [RootDigest], CancellationToken.None));

        Assert.That(ex!.Message, Does.StartWith(rule + ":"));
    }

    [Test]
    public void ReadAsync_UnsortedOrTwice_RefusedByNpm7()
    {
        var twice = Valid with { Requested = [], Packages = [Valid.Packages[0], Valid.Packages[0]] };

        var ex = Assert.ThrowsAsync<NpmPackageSetException>(() => RoundTripAsync(twice, "package-lock.json"));

        Assert.That(ex!.Message, Does.StartWith("NPM-7:"));
    }

    [Test]
    public void ReadAsync_BlobsDisagree_RefusedByNpm8()
    {
        var missing = Assert.ThrowsAsync<NpmPackageSetException>(() => RoundTripAsync(Valid, blobs: [RootDigest, Valid.Packages[0].Digest]));
        var extra = Assert.ThrowsAsync<NpmPackageSetException>(() => RoundTripAsync(Valid, blobs: [.. Blobs(Valid), "sha256:" + new string('1', 64)]));

        Assert.That((missing!.Message[..6], extra!.Message[..6]), Is.EqualTo(("NPM-8:", "NPM-8:")));
    }
}
