using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Kinds;

/// <summary>Scanner data is requested like a file (an http(s) URL, checked against Sources:Allowed), named for what it is.</summary>
public sealed class ScannerDataRequestKindTests
{
    [TestCase("clamav", "https://data.example/clamav/daily.cvd", true)]
    [TestCase("clamav", "https://data.example/clamav/main.cld", true)]
    [TestCase("clamav", "https://data.example/clamav/signatures.tar.gz", true)]
    [TestCase("osv", "https://osv-vulnerabilities.example/npm/all.zip", true)]
    [TestCase("osv", "https://data.example/osv/records.tar.gz", true)]
    [TestCase("clamav", "https://data.example/clamav/all.zip", false)]
    [TestCase("osv", "https://data.example/osv/daily.cvd", false)]
    [TestCase("yara", "https://data.example/rules.tar.gz", false)]
    [TestCase(null, "https://data.example/clamav/daily.cvd", false)]
    [TestCase("clamav", "https://data.example/clamav/", false)]
    [TestCase("clamav", "ftp://data.example/clamav/daily.cvd", false)]
    public void Validate_NameAndUrl_AcceptedOnlyWhenTheFileFitsTheData(string? name, string url, bool valid)
    {
        var request = new NewRequest { Kind = ArtifactKinds.ScannerData, Name = name, Source = url, Justification = "signatures" };

        var result = new NewRequestValidator().Validate(request);

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [Test]
    public async Task Cut_GatheredClamAvDatabase_ShipsAScannerDataArtifactNamedClamAv()
    {
        var content = ScannerDataPackages.ClamAvTarGz();
        var url = SharedServers.Files.Write("files/data/signatures.tar.gz", content);
        await using var site = await TestSite.CreateAsync(SharedServers.Files.Prefix + "files/");

        var gathered = await TestRequests.SubmitAndGatherAsync(site, new NewRequest
        {
            Kind = ArtifactKinds.ScannerData,
            Name = "clamav",
            Source = url,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
            Requester = "erin",
            Justification = "signatures for the high side",
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var cut = await (await site.GetAsync<BatchCutService>()).CutAsync(site.Media, null, timeout.Token);

        Assert.That(gathered.Status, Is.EqualTo(RequestStatus.Gathered), gathered.Failure);
        Assert.That(cut.IsOk, Is.True, cut.Error?.Message);
        var manifest = await File.ReadAllTextAsync(Path.Combine(site.Media, cut.Value!.Id + "-v001", BatchFileNames.Manifest));
        var artifact = System.Text.Json.Nodes.JsonNode.Parse(manifest)!["artifacts"]!.AsArray().Single()!;
        Assert.That(((string?)artifact["kind"], (string?)artifact["name"], (string?)artifact["source"]),
            Is.EqualTo((ArtifactKinds.ScannerData, "clamav", url)));
        Assert.That((string?)artifact["digest"], Is.EqualTo(gathered.ResolvedDigest));
    }

    [Test]
    public async Task Submit_UrlOutsideTheAllowedSources_Refused()
    {
        await using var site = await TestSite.CreateAsync(SharedServers.Files.Prefix + "files/");
        var request = new NewRequest
        {
            Kind = ArtifactKinds.ScannerData,
            Name = "osv",
            Source = "https://elsewhere.example/osv/all.zip",
            Justification = "records",
        };

        var outcome = await (await site.GetAsync<RequestService>()).SubmitAsync(request, TestCallers.Requester("erin"), CancellationToken.None);

        Assert.That(outcome.IsOk, Is.False);
        Assert.That(outcome.Error!.Message, Does.Contain("elsewhere.example"));
    }
}
