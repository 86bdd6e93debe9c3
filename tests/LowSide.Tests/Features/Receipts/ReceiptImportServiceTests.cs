using Dapper;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.LowSide.Features.Receipts;
using TransferPipeline.LowSide.Features.Trust;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Receipts;

namespace TransferPipeline.LowSide.Tests.Features.Receipts;

public sealed class ReceiptImportServiceTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private static readonly DateTimeOffset Created = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly string Blob = "sha256:" + new string('a', 64);

    private async Task<(TestSite Site, HighSideReceipts High, ReceiptImportService Service)> SetUpAsync(bool trust = true)
    {
        var site = await TestSite.CreateAsync(Provider);
        var high = new HighSideReceipts(Path.Combine(site.Root, "high"));
        if (trust)
        {
            var added = await (await site.GetAsync<TrustStore>()).AddAsync(high.PublicKeyFile, CancellationToken.None);
            Assert.That(added.IsOk, Is.True, added.Error?.Message);
        }

        return (site, high, await site.GetAsync<ReceiptImportService>());
    }

    [Test]
    public async Task Import_SignedByRegisteredKey_RecordsBlobs()
    {
        var (site, high, service) = await SetUpAsync();
        await using var _ = site;
        using var __ = high;

        var outcome = await service.ImportAsync(high.Write("receipt.json", [Blob], Created), CancellationToken.None);

        Assert.That(outcome.IsOk, Is.True, outcome.Error?.Message);
        await using var connection = await (await site.GetAsync<Database>()).OpenAsync(CancellationToken.None);
        var present = await connection.QueryAsync<string>("SELECT digest FROM high_side_blobs");
        Assert.That(present, Is.EqualTo(new[] { Blob }));
    }

    [Test]
    public async Task Import_UnknownKey_Refused()
    {
        var (site, high, service) = await SetUpAsync(trust: false);
        await using var _ = site;
        using var __ = high;
        using var other = MinisignSecretKey.Generate();
        await (await site.GetAsync<TrustStore>()).AddAsync(high.PublicKeyFile, CancellationToken.None);

        var outcome = await service.ImportAsync(high.Write("receipt.json", [Blob], Created, key: other), CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.ReceiptRefused));
        Assert.That(outcome.Error!.Message, Does.Contain("not registered"));
    }

    [Test]
    public async Task Import_NoKeyRegistered_Refused()
    {
        var (site, high, service) = await SetUpAsync(trust: false);
        await using var _ = site;
        using var __ = high;

        var outcome = await service.ImportAsync(high.Write("receipt.json", [Blob], Created), CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.ReceiptRefused));
    }

    [Test]
    public async Task Import_EditedAfterSigning_Refused()
    {
        var (site, high, service) = await SetUpAsync();
        await using var _ = site;
        using var __ = high;
        var path = high.Write("receipt.json", [Blob], Created);
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace(new string('a', 64), new string('b', 64), StringComparison.Ordinal));

        var outcome = await service.ImportAsync(path, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.ReceiptRefused));
        Assert.That(outcome.Error!.Message, Does.Contain("altered"));
    }

    [TestCase("transferpipeline-receipt site:high-b created:2026-11-22T08:00:00Z")]
    [TestCase("transferpipeline-receipt site:high-a created:2026-11-23T08:00:00Z")]
    [TestCase("transferpipeline-batch batch:site-a-000001 site:site-a sequence:1")]
    public async Task Import_TrustedCommentNotNamingThisReceipt_Refused(string comment)
    {
        var (site, high, service) = await SetUpAsync();
        await using var _ = site;
        using var __ = high;

        var outcome = await service.ImportAsync(high.Write("receipt.json", [Blob], Created, trustedComment: comment), CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.ReceiptRefused));
        Assert.That(outcome.Error!.Message, Does.Contain("trusted comment"));
    }

    [Test]
    public async Task Import_SameOrOlderReceiptAgain_RefusedAsReplay()
    {
        var (site, high, service) = await SetUpAsync();
        await using var _ = site;
        using var __ = high;
        var first = high.Write("r1.json", [Blob], Created);
        var older = high.Write("r0.json", [Blob], Created.AddHours(-1));
        var newer = high.Write("r2.json", [Blob], Created.AddHours(1));

        var imported = await service.ImportAsync(first, CancellationToken.None);
        var again = await service.ImportAsync(first, CancellationToken.None);
        var replayed = await service.ImportAsync(older, CancellationToken.None);
        var later = await service.ImportAsync(newer, CancellationToken.None);

        Assert.That(imported.IsOk, Is.True, imported.Error?.Message);
        Assert.That(again.Error!.Message, Does.Contain("replay"));
        Assert.That(replayed.Error!.Message, Does.Contain("replay"));
        Assert.That(later.IsOk, Is.True, later.Error?.Message);
    }

    [Test]
    public async Task Import_AuditHeadBehindAKeptReceipt_RefusedAuditHistoryCut()
    {
        var (site, high, service) = await SetUpAsync();
        await using var _ = site;
        using var __ = high;
        await service.ImportAsync(high.Write("r1.json", [Blob], Created, auditHead: new ReceiptAuditHead(40, Hash('1'))), CancellationToken.None);

        var cut = await service.ImportAsync(high.Write("r2.json", [Blob], Created.AddHours(1), auditHead: new ReceiptAuditHead(36, Hash('2'))),
            CancellationToken.None);
        var grown = await service.ImportAsync(high.Write("r3.json", [Blob], Created.AddHours(2), auditHead: new ReceiptAuditHead(45, Hash('3'))),
            CancellationToken.None);

        Assert.That(cut.Error?.Code, Is.EqualTo(LowSideReasons.AuditHistoryCut), cut.Error?.Message);
        Assert.That(grown.IsOk, Is.True, grown.Error?.Message);
    }

    [Test]
    public async Task Import_SameAuditEntryWithAnotherHash_RefusedAuditHistoryCut()
    {
        var (site, high, service) = await SetUpAsync();
        await using var _ = site;
        using var __ = high;
        await service.ImportAsync(high.Write("r1.json", [Blob], Created, auditHead: new ReceiptAuditHead(40, Hash('1'))), CancellationToken.None);

        var rebuilt = await service.ImportAsync(high.Write("r2.json", [Blob], Created.AddHours(1), auditHead: new ReceiptAuditHead(40, Hash('9'))),
            CancellationToken.None);

        Assert.That(rebuilt.Error?.Code, Is.EqualTo(LowSideReasons.AuditHistoryCut), rebuilt.Error?.Message);
    }

    private static string Hash(char digit) => new(digit, 64);

    [Test]
    public async Task Import_MissingSignature_Refused()
    {
        var (site, high, service) = await SetUpAsync();
        await using var _ = site;
        using var __ = high;
        var path = high.Write("receipt.json", [Blob], Created);
        File.Delete(path + ".minisig");

        var outcome = await service.ImportAsync(path, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.ReceiptRefused));
    }
}
