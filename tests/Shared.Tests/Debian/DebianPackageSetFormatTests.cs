using System.Text;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Debian;

public sealed class DebianPackageSetFormatTests
{
    private const string Source = "http://127.0.0.1:9/debian stable main";
    private const string RootDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    private static TempDirectory _directory = null!;
    private static DebianPackageSet _valid = null!;

    [OneTimeSetUp]
    public static async Task BuildRepositoryAsync()
    {
        _directory = new TempDirectory("debset");
        using var key = await TestOpenPgpKey.CreateAsync();
        var index = await TestDebianRepository.CreateAsync(_directory.Path,
        [
            new TestDebianPackage("hello", "1:2.10-3", "amd64") { Depends = "libgreet (>= 1.0)" },
            new TestDebianPackage("libgreet", "1.2~rc1-1") { Content = "ü" },
        ], key);
        var packages = TestDebianRepository.ReadIndex(index);
        _valid = new DebianPackageSet
        {
            Format = DebianPackageSet.CurrentFormat,
            Repository = "http://127.0.0.1:9/debian",
            Suite = "stable",
            Component = "main",
            Architecture = "amd64",
            Requested = ["hello"],
            Release = new DebianRelease { Origin = "Test" },
            Packages = packages,
        };
    }

    [OneTimeTearDown]
    public static void Remove() => _directory.Dispose();

    private static IReadOnlyList<string> Blobs(DebianPackageSet set) => [RootDigest, .. set.Packages.Select(p => p.Digest).Distinct()];

    private static async Task<DebianPackageSet> RoundTripAsync(DebianPackageSet set, string source = Source, string name = "hello",
        IReadOnlyList<string>? blobs = null)
    {
        using var stream = new MemoryStream();
        await DebianPackageSetFormat.WriteAsync(stream, set, CancellationToken.None);
        stream.Position = 0;
        return await DebianPackageSetFormat.ReadAsync(stream, source, name, blobs ?? Blobs(set), CancellationToken.None);
    }

    [Test]
    public async Task ReadAsync_SetOfRealPackages_RoundTripsInFilenameOrder()
    {
        var reversed = _valid with { Packages = [.. _valid.Packages.Reverse()] };
        var read = await RoundTripAsync(reversed);

        Assert.That(read.Packages.Select(p => p.Package), Is.EqualTo(new[] { "hello", "libgreet" }));
        Assert.That(read.Packages[1].Control, Is.EqualTo(_valid.Packages[1].Control));
        Assert.That(read.Packages[0].Version, Is.EqualTo("1:2.10-3"));
    }

    private static IEnumerable<TestCaseData> BrokenSets()
    {
        static DebianPackage First(DebianPackageSet s) => s.Packages[0];
        static DebianPackageSet WithFirst(DebianPackageSet s, DebianPackage p) => s with { Packages = [p, .. s.Packages.Skip(1)] };
        yield return Case("DEB-2", s => s with { Format = "transferpipeline-deb-set/2" });
        yield return Case("DEB-3", s => s with { Suite = "oldstable" });
        yield return Case("DEB-3", s => s with { Repository = "http://127.0.0.1:9/other" });
        yield return Case("DEB-3", s => s with { Architecture = "AMD64" });
        yield return Case("DEB-4", s => s with { Requested = ["hello", "libgreet"] });
        yield return Case("DEB-5", s => s with { Packages = [] });
        yield return Case("DEB-5", s => WithFirst(s, First(s) with { Architecture = "arm64" }));
        yield return Case("DEB-5", s => WithFirst(s, First(s) with { Version = "not a version" }));
        yield return Case("DEB-5", s => WithFirst(s, First(s) with { Filename = "pool/../../etc/cron.d/x.deb" }));
        yield return Case("DEB-5", s => WithFirst(s, First(s) with { Sha256 = First(s).Sha256.ToUpperInvariant() }));
        yield return Case("DEB-6", s => WithFirst(s, First(s) with { Control = First(s).Control + "\n\nPackage: injected" }));
        yield return Case("DEB-6", s => WithFirst(s, First(s) with { Control = First(s).Control.Replace("Depends:", "Depends: evil,") + "" }),
            expectPass: true);
        yield return Case("DEB-6", s => WithFirst(s, First(s) with { Control = First(s).Control.Replace("Version: 1:2.10-3", "Version: 9") }));
        yield return Case("DEB-6", s => WithFirst(s, First(s) with { Size = First(s).Size + 1 }));
        yield return Case("DEB-7", s => s with { Packages = [First(s), First(s)] });
    }

    private static TestCaseData Case(string rule, Func<DebianPackageSet, DebianPackageSet> mutate, bool expectPass = false) =>
        new TestCaseData(rule, mutate, expectPass).SetArgDisplayNames(rule, expectPass ? "accepted" : "refused");

    [TestCaseSource(nameof(BrokenSets))]
    public async Task ReadAsync_SetBreakingARule_IsRefusedNamingIt(string rule, Func<DebianPackageSet, DebianPackageSet> mutate, bool expectPass)
    {
        var set = mutate(_valid);
        if (expectPass)
        {
            // The stanza's other fields are the signed index's, carried as they are: only the bound fields must agree.
            Assert.That(await RoundTripAsync(set), Is.Not.Null);
            return;
        }

        var error = Assert.ThrowsAsync<DebianPackageSetException>(() => RoundTripAsync(set));
        Assert.That(error!.Message, Does.StartWith(rule + ":"));
    }

    [Test]
    public void ReadAsync_BlobListDisagreeingWithThePackages_IsDeb8()
    {
        var missing = Assert.ThrowsAsync<DebianPackageSetException>(() => RoundTripAsync(_valid, blobs: Blobs(_valid).Take(2).ToList()));
        var extra = Assert.ThrowsAsync<DebianPackageSetException>(() =>
            RoundTripAsync(_valid, blobs: [.. Blobs(_valid), "sha256:" + new string('1', 64)]));

        Assert.That(missing!.Message, Does.StartWith("DEB-8:"));
        Assert.That(extra!.Message, Does.StartWith("DEB-8:"));
    }

    [TestCase("{\"format\": 1}")]
    [TestCase("[]")]
    [TestCase("not json")]
    public void ReadAsync_NotASet_IsDeb1(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var error = Assert.ThrowsAsync<DebianPackageSetException>(() =>
            DebianPackageSetFormat.ReadAsync(stream, Source, "hello", [RootDigest], CancellationToken.None));
        Assert.That(error!.Message, Does.StartWith("DEB-1:"));
    }

    [Test]
    public async Task ReadAsync_UnknownMember_IsDeb1()
    {
        using var stream = new MemoryStream();
        await DebianPackageSetFormat.WriteAsync(stream, _valid, CancellationToken.None);
        var json = Encoding.UTF8.GetString(stream.ToArray()).Replace("\"suite\"", "\"extra\": 1, \"suite\"", StringComparison.Ordinal);
        using var edited = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var error = Assert.ThrowsAsync<DebianPackageSetException>(() =>
            DebianPackageSetFormat.ReadAsync(edited, Source, "hello", Blobs(_valid), CancellationToken.None));
        Assert.That(error!.Message, Does.StartWith("DEB-1:"));
    }

    [Test]
    public void ReadAsync_LargerThanTheLimit_IsDeb1WithoutReadingItAll()
    {
        // JSON whitespace after an opening brace: only the size limit can stop the parser.
        var padded = new byte[DebianPackageSetFormat.MaxBytes * 2];
        Array.Fill(padded, (byte)' ');
        padded[0] = (byte)'{';
        using var stream = new NonSeekable(padded);
        var error = Assert.ThrowsAsync<DebianPackageSetException>(() =>
            DebianPackageSetFormat.ReadAsync(stream, Source, "hello", [RootDigest], CancellationToken.None));
        Assert.That(error!.Message, Does.StartWith("DEB-1:").And.Contain("more than"));
        Assert.That(stream.Position, Is.LessThan(padded.Length));
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
