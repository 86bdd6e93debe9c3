using System.Text.Json;
using TransferPipeline.HighSide.Features.Receipts;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Receipts;

public sealed class ReceiptServiceTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    [Test]
    public async Task Receipt_AfterPublish_ListsSequencesAndBlobsAndVerifiesWithStockMinisign()
    {
        ProcessRunner.Require("minisign");
        using var scenario = new BatchScenario();
        await using var highSide = await HighSideHarness.CreateAsync(scenario.Clock, provider: Provider);
        await highSide.TrustAsync(scenario.Key.PublicKey, "site-a");
        var file = await SampleArtifacts.AddFileAsync(scenario.Store, "patch.bin", 10_000, seed: 2);
        var written = await scenario.WriteAsync([file]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(highSide, written.VolumeDirectories[0]);
        await PublishedBatchFlow.PublishAsync(highSide, id);
        var path = Path.Combine(highSide.Root, "receipt.json");

        await highSide.Get<ReceiptService>().WriteAsync(path, CancellationToken.None);

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        var root = json.RootElement;
        Assert.That(root.GetProperty("formatVersion").GetInt32(), Is.EqualTo(2));
        var head = await highSide.Get<TransferPipeline.Shared.Audit.AuditLog>().HeadAsync("test", CancellationToken.None);
        Assert.That(root.GetProperty("auditHead").GetProperty("sequence").GetInt64(), Is.LessThanOrEqualTo(head!.Sequence).And.GreaterThan(1));
        Assert.That(root.GetProperty("siteId").GetString(), Is.EqualTo(HighSideHarness.SiteId));
        var sequence = root.GetProperty("importedSequences")[0];
        Assert.That((sequence.GetProperty("siteId").GetString(), sequence.GetProperty("sequence").GetInt64()), Is.EqualTo(("site-a", 1L)));
        Assert.That(root.GetProperty("blobs").EnumerateArray().Select(b => b.GetString()), Does.Contain(file.Digest));
        var created = root.GetProperty("createdUtc").GetString();
        var verify = await ProcessRunner.RunAsync("minisign", ["-V", "-p", highSide.Data.SiteKeyPrefix + ".pub", "-m", path]);
        Assert.That(verify.ExitCode, Is.Zero, verify.Combined);
        Assert.That(verify.Combined, Does.Contain($"transferpipeline-receipt site:{HighSideHarness.SiteId} created:{created}"));
    }
}
