using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Tests.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Scanning;

/// <summary>
/// The high side checks the cosign signatures that travel with an image again, from quarantine, against its own copy of
/// the keys (Policy:Cosign): a batch whose image carries no signature, or one by another key, or one for another digest,
/// is refused signature-required before anyone can approve it; a good signature lets it through and is in the publish plan.
/// </summary>
public sealed class SignatureCheckTests
{
    private BatchScenario _scenario = null!;
    private TempDirectory _temp = null!;
    private HighSideHarness _highSide = null!;
    private TestCosignKey _trusted = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _scenario = new BatchScenario();
        _temp = new TempDirectory("signature-check");
        _trusted = TestCosignKey.EcdsaP256();
        var database = TestSignatures.WriteDatabase(_temp.Combine("clamav"));
        ScanGateTests.Age(database, TimeSpan.FromDays(1));
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, json =>
        {
            json["Scanning"] = new JsonObject { ["ClamAv"] = new JsonObject { ["Database"] = database } };
            json["Policy"]!["Cosign"] = new JsonObject
            {
                ["Registries"] = new JsonArray(new JsonObject { ["Host"] = "127.0.0.1:5000", ["PublicKeys"] = new JsonArray(_trusted.PublicPem) }),
            };
        });
        await _highSide.TrustAsync(_scenario.Key.PublicKey, "site-a");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _highSide.DisposeAsync();
        _trusted.Dispose();
        _temp.Dispose();
        _scenario.Dispose();
    }

    [Test]
    public async Task Import_SignedByTheTrustedKey_AwaitsApprovalWithTheSignatureInThePlan()
    {
        var batch = await ImportAsync(image => [SignatureLayer.For(_trusted, image)]);

        Assert.That(await StateAsync(batch), Is.EqualTo((BatchStates.AwaitingApproval, (string?)null)));
        var plan = await _highSide.Get<PublishPlanner>().PlanAsync((await _highSide.Get<BatchRepository>().FindAsync(batch, default))!, default);
        Assert.That(plan.Value!.Lines.Single(), Does.Contain(" with signature:sha256-"));
    }

    [Test]
    public async Task Import_UnsignedImageFromARegistryThatRequiresSignatures_RefusedSignatureRequired()
    {
        var batch = await ImportAsync(_ => null);

        Assert.That(await StateAsync(batch), Is.EqualTo((BatchStates.Refused, (string?)ScanReasons.SignatureRequired)));
    }

    [Test]
    public async Task Import_SignedByAnotherKey_RefusedSignatureRequired()
    {
        using var other = TestCosignKey.Ed25519();

        var batch = await ImportAsync(image => [SignatureLayer.For(other, image)]);

        Assert.That(await StateAsync(batch), Is.EqualTo((BatchStates.Refused, (string?)ScanReasons.SignatureRequired)));
    }

    [Test]
    public async Task Import_TrustedSignatureForAnotherDigest_RefusedSignatureRequired()
    {
        var elsewhere = Digest.Compute("another image"u8.ToArray());

        var batch = await ImportAsync(_ => [SignatureLayer.For(_trusted, elsewhere)]);

        var record = await _highSide.Get<BatchRepository>().FindAsync(batch, default);
        Assert.That((record!.State, record.ReasonCode), Is.EqualTo((BatchStates.Refused, ScanReasons.SignatureRequired)));
        Assert.That(record.Reason, Does.Contain(elsewhere.Value));
    }

    private async Task<string> ImportAsync(Func<Digest, IReadOnlyList<SignatureLayer>?> sign)
    {
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/signed", "1.0", 10_000, seed: 9);
        var layers = sign(Digest.Parse(image.Digest));
        if (layers is not null)
        {
            image = await SignedImages.AttachSignatureAsync(_scenario.Store, image, layers);
        }

        return (await _highSide.ImportAsync((await _scenario.WriteAsync([image])).VolumeDirectories.Single())).Id;
    }

    private async Task<(string?, string?)> StateAsync(string id)
    {
        var record = await _highSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None);
        return (record?.State, record?.ReasonCode);
    }
}
