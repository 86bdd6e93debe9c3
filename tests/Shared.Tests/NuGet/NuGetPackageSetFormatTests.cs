using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.NuGet;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.NuGet;

public sealed class NuGetPackageSetFormatTests
{
    private const string ServiceIndex = "http://127.0.0.1:9/v3/index.json";
    private const string RootDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    private const string Pins = "Acme.Greeter@1.0.0 Acme.Words@2.1.0-rc.1";

    private static readonly NuGetPackageSet Valid = new()
    {
        Format = NuGetPackageSet.CurrentFormat,
        ServiceIndex = ServiceIndex,
        Requested = ["Acme.Greeter@1.0.0", "Acme.Words@2.1.0-rc.1"],
        Packages =
        [
            Package(new TestNuGetPackage("Acme.Words", "2.1.0-rc.1")),
            Package(new TestNuGetPackage("Acme.Greeter", "1.0.0") { Dependencies = new Dictionary<string, string> { ["Acme.Words"] = "2.1.0-rc.1" } }),
        ],
    };

    private static NuGetPackage Package(TestNuGetPackage test)
    {
        var bytes = test.Pack();
        return new NuGetPackage
        {
            Id = test.Id,
            Version = test.Version,
            FileName = NuGetNames.PackageFileName(test.Id, test.Version),
            Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Sha512 = Sha512Base64.Of(SHA512.HashData(bytes)),
        };
    }

    private static IReadOnlyList<string> Blobs(NuGetPackageSet set) => [RootDigest, .. set.Packages.Select(p => p.Digest).Distinct()];

    private static async Task<NuGetPackageSet> RoundTripAsync(NuGetPackageSet set, string name = Pins, IReadOnlyList<string>? blobs = null)
    {
        using var stream = new MemoryStream();
        await NuGetPackageSetFormat.WriteAsync(stream, set, CancellationToken.None);
        stream.Position = 0;
        return await NuGetPackageSetFormat.ReadAsync(stream, ServiceIndex, name, blobs ?? Blobs(set), CancellationToken.None);
    }

    [Test]
    public async Task ReadAsync_SetOfPins_RoundTripsInIdOrder()
    {
        var read = await RoundTripAsync(Valid);

        Assert.That(read.Packages.Select(p => p.Path), Is.EqualTo(new[]
        {
            "acme.greeter/1.0.0/acme.greeter.1.0.0.nupkg", "acme.words/2.1.0-rc.1/acme.words.2.1.0-rc.1.nupkg",
        }));
        Assert.That(read.Packages[0].ContentHash, Is.Null);
    }

    [Test]
    public async Task ReadAsync_LockFileSetWithContentHashes_NoRequestedPackages()
    {
        var locked = Valid with { Requested = [], Packages = [.. Valid.Packages.Select(p => p with { ContentHash = p.Sha512 })] };

        var read = await RoundTripAsync(locked, "Ward.Api/packages.lock.json");

        Assert.That(read.Packages.Select(p => p.ContentHash), Is.EqualTo(read.Packages.Select(p => p.Sha512)).And.All.Not.Null);
    }

    private static IEnumerable<TestCaseData> BrokenSets()
    {
        static NuGetPackageSet WithFirst(NuGetPackageSet s, Func<NuGetPackage, NuGetPackage> change) =>
            s with { Packages = [change(s.Packages[0]), .. s.Packages.Skip(1)] };
        yield return Case("NUGET-2", s => s with { Format = "transferpipeline-nuget-set/2" });
        yield return Case("NUGET-3", s => s with { ServiceIndex = "http://127.0.0.1:9/other/index.json" });
        yield return Case("NUGET-4", s => s with { Requested = ["Acme.Greeter@1.0.0"] });
        yield return Case("NUGET-4", s => s with { Packages = [s.Packages[0]] }, "one package fewer than pinned");
        yield return Case("NUGET-5", s => WithFirst(s, p => p with { Id = ".." }), "path escape in the id");
        yield return Case("NUGET-5", s => WithFirst(s, p => p with { Id = "../../etc" }), "path escape with a separator");
        yield return Case("NUGET-5", s => WithFirst(s, p => p with { FileName = "../../x.nupkg" }), "path escape in the file name");
        yield return Case("NUGET-5", s => WithFirst(s, p => p with { Version = "2.1.0-rc.1+build" }), "unnormalised version");
        yield return Case("NUGET-5", s => WithFirst(s, p => p with { Sha512 = p.Sha256 }), "sha512 that is not one");
        yield return Case("NUGET-5", s => WithFirst(s, p => p with { ContentHash = "sha512-" + p.Sha512 }), "content hash in npm's form");
        yield return Case("NUGET-5", s => WithFirst(s, p => p with { Sha256 = p.Sha256.ToUpperInvariant() }));

        static TestCaseData Case(string rule, Func<NuGetPackageSet, NuGetPackageSet> change, string? what = null) =>
            new TestCaseData(rule, change).SetArgDisplayNames(rule + (what is null ? "" : " " + what));
    }

    [TestCaseSource(nameof(BrokenSets))]
    public void ReadAsync_BrokenSet_RefusedByItsRule(string rule, Func<NuGetPackageSet, NuGetPackageSet> change)
    {
        var broken = change(Valid);

        var ex = Assert.ThrowsAsync<NuGetPackageSetException>(() => RoundTripAsync(broken));

        Assert.That(ex!.Message, Does.StartWith(rule + ":"));
    }

    [TestCase("NUGET-1", """{"format":"transferpipeline-nuget-set/1","serviceIndex":"http://127.0.0.1:9/v3/index.json","requested":[],"packages":[],"x":1}""")]
    [TestCase("NUGET-1", """{"format":"transferpipeline-nuget-set/1","serviceIndex":"http://127.0.0.1:9/v3/index.json","requested":[]}""")]
    [TestCase("NUGET-1", """{"format":"transferpipeline-nuget-set/1","serviceIndex":"http://127.0.0.1:9/v3/index.json","requested":[null],"packages":[]}""")]
    [TestCase("NUGET-5", """{"format":"transferpipeline-nuget-set/1","serviceIndex":"http://127.0.0.1:9/v3/index.json","requested":[],"packages":[]}""")]
    public void ReadAsync_MalformedJson_Refused(string rule, string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var ex = Assert.ThrowsAsync<NuGetPackageSetException>(() =>
            NuGetPackageSetFormat.ReadAsync(stream, ServiceIndex, "packages.lock.json", [RootDigest], CancellationToken.None));

        Assert.That(ex!.Message, Does.StartWith(rule + ":"));
    }

    [TestCase("Acme.Words", TestName = "ReadAsync_SamePackageTwice_RefusedByNuget6")]
    [TestCase("ACME.WORDS", TestName = "ReadAsync_SamePackageTwiceInAnotherCase_RefusedByNuget6")]
    public void ReadAsync_Duplicates_RefusedByNuget6(string secondId)
    {
        var first = Valid.Packages[0];
        var twice = Valid with
        {
            Requested = [],
            Packages = [first, first with { Id = secondId, FileName = NuGetNames.PackageFileName(secondId, first.Version) }],
        };

        var ex = Assert.ThrowsAsync<NuGetPackageSetException>(() => RoundTripAsync(twice, "packages.lock.json"));

        Assert.That(ex!.Message, Does.StartWith("NUGET-6:"));
    }

    [Test]
    public void ReadAsync_BlobsDisagree_RefusedByNuget7()
    {
        var missing = Assert.ThrowsAsync<NuGetPackageSetException>(() => RoundTripAsync(Valid, blobs: [RootDigest, Valid.Packages[0].Digest]));
        var extra = Assert.ThrowsAsync<NuGetPackageSetException>(() =>
            RoundTripAsync(Valid, blobs: [.. Blobs(Valid), "sha256:" + new string('1', 64)]));

        Assert.That((missing!.Message[..8], extra!.Message[..8]), Is.EqualTo(("NUGET-7:", "NUGET-7:")));
    }
}
