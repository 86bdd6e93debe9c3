using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.PyPI;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Kinds.PyPI;

/// <summary>
/// pypi artifacts imported, approved and published into the simple index, which is then served on 127.0.0.1 as the documented
/// nginx configuration serves it and consumed by the real pip (<c>--index-url</c>), with no other index reachable; and
/// hostile package sets refused at import.
/// </summary>
public sealed class PyPIPublisherTests
{
    private const string Upstream = "https://pypi.org/simple/";

    private static readonly TestPyPIPackage Words = new("acme.words", "2.1") { Greeting = "words" };
    private static readonly TestPyPIPackage Greeter = new("Greeter", "1.0.0") { Requires = ["acme-words>=2.1"], RequiresPython = ">=3.8" };

    private BatchScenario _scenario = null!;
    private HighSideHarness _highSide = null!;
    private TestPyPIIndex _mirror = null!;
    private TestPipClient _pip = null!;
    private string _mirrorDirectory = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _scenario = new BatchScenario();
        _mirrorDirectory = Path.Combine(_scenario.Root, "mirror-pypi");
        Directory.CreateDirectory(_mirrorDirectory);
        _mirror = await TestPyPIIndex.ServeAsync(_mirrorDirectory);
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, json => json["Mirrors"]!["PyPI"] = _mirrorDirectory);
        await _highSide.TrustAsync(_scenario.Key.PublicKey, _scenario.SiteId);
        _pip = new TestPipClient();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _pip.Dispose();
        await _highSide.DisposeAsync();
        await _mirror.DisposeAsync();
        _scenario.Dispose();
    }

    private async Task<PublishResult> PublishAsync(long sequence, BatchArtifactInput artifact)
    {
        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(sequence, [artifact]));
        return await PublishedBatchFlow.PublishAsync(_highSide, batchId);
    }

    private string Page(string project) => File.ReadAllText(Path.Combine(_mirrorDirectory, "simple", project, "index.html"));

    [Test]
    public async Task Publish_ReleaseWithItsDependency_PipInstallsItFromTheMirror()
    {
        var artifact = await TestPyPIArtifacts.AddAsync(_scenario.Store, Upstream, "greeter==1.0.0 acme-words==2.1", null, Greeter, Words);

        var published = await PublishAsync(1, artifact);

        Assert.That(published.State, Is.EqualTo(BatchStates.Published));
        var install = await _pip.InstallAsync(_mirror.IndexUrl, "greeter==1.0.0");
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        var run = await _pip.PythonAsync("import greeter, acme_words; print(greeter.GREETING + ' ' + acme_words.GREETING)");
        Assert.That(run.StandardOutput.Trim(), Is.EqualTo("hello words"), run.ToString());
        Assert.That(_mirror.Requests, Has.Member("GET /simple/acme-words/").And.Member("GET /packages/greeter/greeter-1.0.0-py3-none-any.whl"));
        Assert.That(File.ReadAllText(Path.Combine(_mirrorDirectory, "simple", "index.html")),
            Does.Contain("<a href=\"acme-words/\">acme-words</a>").And.Contain("<a href=\"greeter/\">greeter</a>"));
    }

    [Test]
    public async Task Publish_SecondReleaseYankedAndRepublish_PageListsEveryFileEscapedAndRepublishChangesNothing()
    {
        var newer = Words with { Version = "2.2", Greeting = "newer", RequiresPython = ">=3.9,<4" };
        await PublishAsync(1, await TestPyPIArtifacts.AddAsync(_scenario.Store, Upstream, "acme-words==2.1", null, Words));
        await PublishAsync(2, await TestPyPIArtifacts.AddAsync(_scenario.Store, Upstream, "acme-words==2.2",
            set => set with { Packages = [.. set.Packages.Select(p => p with { Yanked = "broken <build> & replaced" })] }, newer));
        var before = Page("acme-words");

        var again = await PublishAsync(3, await TestPyPIArtifacts.AddAsync(_scenario.Store, Upstream, "acme-words==2.1", null, Words));

        Assert.That(again.State, Is.EqualTo(BatchStates.Published));
        Assert.That(Page("acme-words"), Is.EqualTo(before));
        Assert.That(before, Does.Contain($"<a href=\"../../packages/acme-words/acme_words-2.2-py3-none-any.whl#sha256="
            + $"{TestPyPIArtifacts.Files(newer).First().Package.Sha256}\" data-requires-python=\"&gt;=3.9,&lt;4\" "
            + "data-yanked=\"broken &lt;build&gt; &amp; replaced\">acme_words-2.2-py3-none-any.whl</a>"));
        Assert.That(before, Does.Contain("acme_words-2.1.tar.gz").And.Contain("acme_words-2.1-py3-none-any.whl"));
        var install = await _pip.InstallAsync(_mirror.IndexUrl, "acme-words");
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        var run = await _pip.PythonAsync("import acme_words; print(acme_words.GREETING)");
        Assert.That(run.StandardOutput.Trim(), Is.EqualTo("words"), "pip passes over the yanked release: " + run);
    }

    [Test]
    public async Task Publish_FilePublishedBeforeWithOtherBytes_RefusedAndMirrorKept()
    {
        await PublishAsync(1, await TestPyPIArtifacts.AddAsync(_scenario.Store, Upstream, "acme-words==2.1", null, Words));
        var wheel = Path.Combine(_mirrorDirectory, "packages", "acme-words", Words.WheelFileName);
        var original = await File.ReadAllBytesAsync(wheel);
        var forged = await TestPyPIArtifacts.AddAsync(_scenario.Store, Upstream, "acme-words==2.1", null, Words with { Greeting = "forged" });

        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(2, [forged]));
        var outcome = await _highSide.Get<PublishService>().PublishAsync(batchId, CancellationToken.None);

        var record = await _highSide.Get<BatchRepository>().FindAsync(batchId, CancellationToken.None);
        Assert.That(outcome.IsOk ? record!.ReasonCode : outcome.Error!.Code, Is.EqualTo(PublishReasons.PyPIFileConflict));
        Assert.That(await File.ReadAllBytesAsync(wheel), Is.EqualTo(original));
    }

    // A hostile low side signs a batch whose package set lies about what it carries: refused at import, no officer is asked.
    [TestCase("path-escape-in-file-name", "PYPI-5")]
    [TestCase("file-of-another-project", "PYPI-5")]
    [TestCase("hash-of-other-bytes", "PYPI-8")]
    [TestCase("file-twice", "PYPI-7")]
    [TestCase("other-index-than-its-source", "PYPI-3")]
    [TestCase("markup-in-requires-python", "PYPI-6")]
    public async Task Import_HostileSet_RefusedAsPackageSetInvalid(string attack, string rule)
    {
        Func<PyPIPackageSet, PyPIPackageSet> edit = attack switch
        {
            "path-escape-in-file-name" => s => First(s, p => p with { FileName = "../../../etc/cron.d/greeter-1.0.0.tar.gz" }),
            "file-of-another-project" => s => First(s, p => p with { FileName = "pip-1.0.0-py3-none-any.whl" }),
            "hash-of-other-bytes" => s => First(s, p => p with { Sha256 = new string('a', 64) }),
            "file-twice" => s => s with { Packages = [s.Packages[0], .. s.Packages] },
            "other-index-than-its-source" => s => s with { Index = "https://pypi.attacker.example/simple/" },
            _ => s => First(s, p => p with { RequiresPython = "\"><script>alert(1)</script>\n" }),
        };
        var artifact = await TestPyPIArtifacts.AddAsync(_scenario.Store, Upstream, "greeter==1.0.0", edit, Greeter);

        var result = await _highSide.ImportAsync(await _scenario.WriteVolumeAsync(1, [artifact]));

        var record = await _highSide.Get<BatchRepository>().FindAsync(result.Id, CancellationToken.None);
        Assert.That((record!.State, record.ReasonCode), Is.EqualTo((BatchStates.Refused, PublishReasons.PackageSetInvalid)), record.Reason);
        Assert.That(record.Reason, Does.Contain(rule + ":"));
        Assert.That(Directory.EnumerateFileSystemEntries(_mirrorDirectory), Is.Empty, "nothing was published");
    }

    private static PyPIPackageSet First(PyPIPackageSet set, Func<PyPIPackage, PyPIPackage> change) =>
        set with { Packages = [change(set.Packages[0]), .. set.Packages.Skip(1)] };
}
