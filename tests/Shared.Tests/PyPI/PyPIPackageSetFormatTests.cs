using System.Text;
using TransferPipeline.Shared.PyPI;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.PyPI;

public sealed class PyPIPackageSetFormatTests
{
    private const string Index = "http://127.0.0.1:9/simple/";
    private const string RootDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    private const string Pins = "greeter==1.0.0 acme-words==2.1rc1";

    private static readonly TestPyPIPackage Greeter = new("Greeter", "1.0.0") { RequiresPython = ">=3.8" };
    private static readonly TestPyPIPackage Words = new("acme.words", "2.1rc1");

    private static readonly PyPIPackageSet Valid = new()
    {
        Format = PyPIPackageSet.CurrentFormat,
        Index = Index,
        Requested = Pins.Split(' '),
        Packages = [.. TestPyPIArtifacts.Files(Greeter).Concat(TestPyPIArtifacts.Files(Words)).Select(f => f.Package)],
    };

    private static IReadOnlyList<string> Blobs(PyPIPackageSet set) => [RootDigest, .. set.Packages.Select(p => p.Digest).Distinct()];

    private static async Task<PyPIPackageSet> RoundTripAsync(PyPIPackageSet set, string name = Pins, IReadOnlyList<string>? blobs = null)
    {
        using var stream = new MemoryStream();
        await PyPIPackageSetFormat.WriteAsync(stream, set, CancellationToken.None);
        stream.Position = 0;
        return await PyPIPackageSetFormat.ReadAsync(stream, Index, name, blobs ?? Blobs(set), CancellationToken.None);
    }

    [Test]
    public async Task ReadAsync_SetOfPins_RoundTripsInOrderWithItsAttributes()
    {
        var read = await RoundTripAsync(Valid);

        Assert.That(read.Packages.Select(p => p.Path), Is.EqualTo(new[]
        {
            "packages/acme-words/acme_words-2.1rc1-py3-none-any.whl", "packages/acme-words/acme_words-2.1rc1.tar.gz",
            "packages/greeter/greeter-1.0.0-py3-none-any.whl", "packages/greeter/greeter-1.0.0.tar.gz",
        }));
        Assert.That((read.Packages[0].RequiresPython, read.Packages[2].RequiresPython), Is.EqualTo(((string?)null, ">=3.8")));
    }

    [Test]
    public async Task ReadAsync_RequirementsSet_NoRequestedReleases()
    {
        var read = await RoundTripAsync(Valid with { Requested = [] }, "ward/requirements.txt");

        Assert.That(read.Packages, Has.Count.EqualTo(4));
    }

    private static IEnumerable<TestCaseData> BrokenSets()
    {
        static PyPIPackageSet WithFirst(PyPIPackageSet s, Func<PyPIPackage, PyPIPackage> change) =>
            s with { Packages = [change(s.Packages[0]), .. s.Packages.Skip(1)] };
        yield return Case("PYPI-2", s => s with { Format = "transferpipeline-pypi-set/2" });
        yield return Case("PYPI-3", s => s with { Index = "http://127.0.0.1:9/other/simple/" });
        yield return Case("PYPI-4", s => s with { Requested = ["greeter==1.0.0"] });
        yield return Case("PYPI-4", s => s with { Packages = [.. s.Packages.Where(p => p.Name == "greeter")] }, "a pinned release without files");
        yield return Case("PYPI-4", s => WithFirst(s, p => p with { Version = "2.1", FileName = "greeter-2.1.tar.gz" }), "an unpinned release");
        yield return Case("PYPI-5", s => WithFirst(s, p => p with { Name = "../escape" }));
        yield return Case("PYPI-5", s => WithFirst(s, p => p with { FileName = "../../greeter-1.0.0.tar.gz" }), "path escape in fileName");
        yield return Case("PYPI-5", s => WithFirst(s, p => p with { FileName = "greeter-1.0.0/../../x.tar.gz" }), "separator in fileName");
        yield return Case("PYPI-5", s => WithFirst(s, p => p with { FileName = "acme_words-2.2.tar.gz" }), "another release's file name");
        yield return Case("PYPI-5", s => WithFirst(s, p => p with { FileName = "evil-2.1rc1.tar.gz" }), "another project's file name");
        yield return Case("PYPI-5", s => WithFirst(s, p => p with { Version = "2.1-rc1" }), "a version not in normal form");
        yield return Case("PYPI-5", s => WithFirst(s, p => p with { Sha256 = p.Sha256.ToUpperInvariant() }));
        yield return Case("PYPI-5", s => WithFirst(s, p => p with { Size = -1 }));
        yield return Case("PYPI-6", s => WithFirst(s, p => p with { RequiresPython = ">=3.8\n<a href=x>" }));
        yield return Case("PYPI-6", s => WithFirst(s, p => p with { Yanked = new string('y', PyPIPackageSetFormat.MaxAttributeChars + 1) }));

        static TestCaseData Case(string rule, Func<PyPIPackageSet, PyPIPackageSet> change, string? what = null) =>
            new TestCaseData(rule, change).SetArgDisplayNames(rule + (what is null ? "" : " " + what));
    }

    [TestCaseSource(nameof(BrokenSets))]
    public void ReadAsync_BrokenSet_RefusedByItsRule(string rule, Func<PyPIPackageSet, PyPIPackageSet> change)
    {
        var broken = change(Valid);

        var ex = Assert.ThrowsAsync<PyPIPackageSetException>(() => RoundTripAsync(broken));

        Assert.That(ex!.Message, Does.StartWith(rule + ":"));
    }

    [TestCase("PYPI-1", """{"format":"transferpipeline-pypi-set/1","index":"http://127.0.0.1:9/simple/","requested":[],"packages":[],"x":1}""")]
    [TestCase("PYPI-1", """{"format":"transferpipeline-pypi-set/1","index":"http://127.0.0.1:9/simple/","requested":[]}""")]
    [TestCase("PYPI-1", """{"format":"transferpipeline-pypi-set/1","index":"http://127.0.0.1:9/simple/","requested":[],"packages":[null]}""")]
    [TestCase("PYPI-5", """{"format":"transferpipeline-pypi-set/1","index":"http://127.0.0.1:9/simple/","requested":[],"packages":[]}""")]
    public void ReadAsync_MalformedJson_Refused(string rule, string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var ex = Assert.ThrowsAsync<PyPIPackageSetException>(() =>
            PyPIPackageSetFormat.ReadAsync(stream, Index, "requirements.txt", [RootDigest], CancellationToken.None));

        Assert.That(ex!.Message, Does.StartWith(rule + ":"));
    }

    [Test]
    public void ReadAsync_FileTwice_RefusedByPypi7()
    {
        var twice = Valid with { Packages = [Valid.Packages[0], .. Valid.Packages] };
        var caseOnly = Valid with { Packages = [.. Valid.Packages, Valid.Packages[1] with { FileName = "Greeter-1.0.0.tar.gz" }] };

        var same = Assert.ThrowsAsync<PyPIPackageSetException>(() => RoundTripAsync(twice));
        var folded = Assert.ThrowsAsync<PyPIPackageSetException>(() => RoundTripAsync(caseOnly));

        Assert.That((same!.Message[..7], folded!.Message[..7]), Is.EqualTo(("PYPI-7:", "PYPI-7:")));
    }

    [Test]
    public void ReadAsync_BlobsDisagree_RefusedByPypi8()
    {
        var missing = Assert.ThrowsAsync<PyPIPackageSetException>(() => RoundTripAsync(Valid, blobs: [RootDigest, Valid.Packages[0].Digest]));
        var extra = Assert.ThrowsAsync<PyPIPackageSetException>(() => RoundTripAsync(Valid, blobs: [.. Blobs(Valid), "sha256:" + new string('1', 64)]));

        Assert.That((missing!.Message[..7], extra!.Message[..7]), Is.EqualTo(("PYPI-8:", "PYPI-8:")));
    }
}
