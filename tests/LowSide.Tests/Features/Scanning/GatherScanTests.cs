using TransferPipeline.Shared.Persistence;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Scanning;

/// <summary>
/// The low side scans what it gathered with the real clamscan and a signature database the test makes: a file or an
/// image layer carrying a signature fails its request with malware-found and the scanner's name for it, a clean one is
/// gathered, and a scanner that cannot give a verdict fails the request loudly (scanner-failed).
/// </summary>
public sealed class GatherScanTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private TempDirectory _temp = null!;
    private string _database = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory("gather-scan");
        _database = TestSignatures.WriteDatabase(_temp.Combine("clamav"));
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task Gather_CleanFile_GatheredWithTheScanInTheAudit()
    {
        await using var site = await ScanningSiteAsync();
        var url = SharedServers.Files.Write($"files/clean-{Guid.NewGuid():N}.bin", new byte[5000]);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
    }

    [Test]
    public async Task Gather_FileCarryingTheHashSignature_FailsMalwareFound()
    {
        await using var site = await ScanningSiteAsync();
        var url = SharedServers.Files.Write($"files/tool-{Guid.NewGuid():N}.bin", TestSignatures.MaliciousPayload);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url));

        Assert.That((request.Status, request.FailureCode), Is.EqualTo((RequestStatus.Failed, LowSideReasons.MalwareFound)));
        Assert.That(request.Failure, Does.Contain(TestSignatures.HashName).And.Contain("local:"));
        var listed = await ProductExecutable.LowSide().WithData(site.Data.Root).RunAsync("request", "list", "--json");
        var row = JsonDocument.Parse(listed.StandardOutput).RootElement.EnumerateArray().Single(r => r.GetProperty("id").GetString() == request.Id);
        Assert.That(row.GetProperty("failureCode").GetString(), Is.EqualTo("malware-found"));
    }

    [Test]
    public async Task Gather_ImageLayerCarryingEicar_FailsMalwareFound()
    {
        await using var site = await ScanningSiteAsync(SharedServers.Registry.Host);
        var layer = TestLayer.Textual("usr/share/eicar.com", TestSignatures.Eicar);
        var image = await TestImages.PushImageAsync(SharedServers.Registry.Host, "library/eicar", Guid.NewGuid().ToString("N")[..8], [layer]);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));

        Assert.That((request.Status, request.FailureCode), Is.EqualTo((RequestStatus.Failed, LowSideReasons.MalwareFound)));
        Assert.That(request.Failure, Does.Contain(TestSignatures.EicarName));
    }

    [Test]
    public async Task Gather_ScannerCannotStart_FailsScannerFailed()
    {
        await using var site = await ScanningSiteAsync(clamAv: c => c["Executable"] = _temp.Combine("no-clamscan"));
        var url = SharedServers.Files.Write($"files/any-{Guid.NewGuid():N}.bin", new byte[100]);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url));

        Assert.That((request.Status, request.FailureCode), Is.EqualTo((RequestStatus.Failed, ScannerFailedException.ReasonCode)));
        Assert.That(request.Failure, Does.Contain("could not be started"));
    }

    [Test]
    public async Task Gather_ScanningEnabledWithoutADatabase_FailsScannerFailed()
    {
        await using var site = await ScanningSiteAsync(clamAv: c => c.Remove("Database"), enabled: true);
        var url = SharedServers.Files.Write($"files/any-{Guid.NewGuid():N}.bin", new byte[100]);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url));

        Assert.That(request.FailureCode, Is.EqualTo(ScannerFailedException.ReasonCode));
        Assert.That(request.Failure, Does.Contain("Scanning:ClamAv:Database"));
    }

    [TestCase("High", RequestStatus.Failed)]
    [TestCase("Critical", RequestStatus.Gathered)]
    [TestCase(null, RequestStatus.Gathered)]
    public async Task Gather_ImageWithAVulnerableOpenssl_StoppedOnlyAtOrAboveStopAt(string? stopAt, string expected)
    {
        var osv = Directory.CreateDirectory(_temp.Combine("osv")).FullName;
        await File.WriteAllTextAsync(Path.Combine(osv, "DEBIAN-CVE-2099-0200.json"), """
            {"schema_version":"1.6.0","id":"DEBIAN-CVE-2099-0200","modified":"2026-11-20T00:00:00Z","summary":"example overflow",
             "affected":[{"package":{"ecosystem":"Debian:12","name":"openssl"},
               "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"3.0.13-1~deb12u1"}]}],
               "database_specific":{"severity":"HIGH"}}]}
            """);
        await using var site = await ScanningSiteAsync(SharedServers.Registry.Host, osv: new JsonObject { ["Database"] = osv, ["StopAt"] = stopAt });
        var image = await TestImages.PushImageAsync(SharedServers.Registry.Host, "library/tls", Guid.NewGuid().ToString("N")[..8],
        [
            TestLayer.Textual("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
            TestLayer.Textual("var/lib/dpkg/status",
                "Package: openssl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 3.0.11-1~deb12u2\n\n"),
        ]);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(image.Reference.ToString()));

        Assert.That(request.Status, Is.EqualTo(expected), request.Failure);
        if (expected == RequestStatus.Failed)
        {
            Assert.That(request.FailureCode, Is.EqualTo(LowSideReasons.BlockedByScan));
            Assert.That(request.Failure, Does.Contain("DEBIAN-CVE-2099-0200@pkg:deb/debian/openssl@3.0.11"));
        }
    }

    [Test]
    public async Task Gather_ArtifactWhoseLayerIsTypedTarButIsNot_GatheredWithoutReadingItsPackages()
    {
        // An OCI 1.1 artifact (empty config) may type its layers as it likes; read as an image layer this one fails.
        var osv = Directory.CreateDirectory(_temp.Combine("osv")).FullName;
        await using var site = await ScanningSiteAsync(SharedServers.Registry.Host, osv: new JsonObject { ["Database"] = osv });
        using var push = new TestArtifacts(SharedServers.Registry.Host);
        var tag = TestArtifacts.NewTag();
        await push.PushManifestAsync("artifacts/scanned", tag, (TestArtifacts.EmptyConfig, "{}"u8.ToArray()),
            [(OciMediaTypes.ImageLayerGzip, Encoding.UTF8.GetBytes($"not gzip {Guid.NewGuid()}"))], "application/vnd.example.data");

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{SharedServers.Registry.Host}/artifacts/scanned:{tag}"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
    }

    private async Task<TestSite> ScanningSiteAsync(string? registry = null, Action<JsonObject>? clamAv = null, bool? enabled = null,
        JsonObject? osv = null)
    {
        var site = await TestSite.CreateAsync(Provider, registry is null ? [SharedServers.Files.Prefix + "files/"] : [registry]);
        site.Configure(json =>
        {
            var options = new JsonObject { ["Database"] = _database };
            clamAv?.Invoke(options);
            json["Scanning"] = new JsonObject { ["ClamAv"] = options, ["Enabled"] = enabled, ["Osv"] = osv ?? new JsonObject() };
        });
        return site;
    }
}
