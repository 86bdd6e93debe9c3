using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>THREATS 36 and borrowed batch names, through `highside import` and `highside verify` as an operator runs them.</summary>
public sealed class ImportCommandTests : HighSideScenarioTests
{
    protected override bool UsesRealClock => true;

    [Test]
    public async Task Import_BatchCreatedIn2099_RefusedCreatedInFuture_ThenAGoodBatchImports()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "patch.bin", 10_000, seed: 2);
        var now = Scenario.Clock.GetUtcNow();
        // A low side with a wrong clock, or a stolen key: validly signed, created (and expiring) in 2099.
        Scenario.Clock.UtcNow = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var future = await Scenario.WriteVolumeAsync(1, [file]);
        Scenario.Clock.UtcNow = now;
        var good = await Scenario.WriteVolumeAsync(2, [file]);

        var refused = await HighSide.Cli.RunAsync("import", future);
        var imported = await HighSide.Cli.RunAsync("import", good);

        Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.Failed), refused.ToString());
        Assert.That(refused.StandardError, Does.Contain("[created-in-future]").And.Contain("2099-01-01 00:00:00Z").And.Contain("clock ("));
        Assert.That(imported.ExitCode, Is.Zero, "not expired: the 2099 batch moved no time\n" + imported);
        Assert.That(imported.StandardOutput, Does.Contain("batch site-a-000002 awaiting-approval: all 1 volume(s) verified"));
    }

    [Test]
    public async Task Import_BorrowedBatchId_RefusedBatchIdMismatch()
    {
        using var siteB = new BatchScenario("site-b");
        siteB.Clock.UtcNow = Scenario.Clock.GetUtcNow();
        await HighSide.TrustAsync(siteB.Key.PublicKey, "site-b");
        // Site A's own trusted key signs its batch 42 under site B's name, the trusted comment naming exactly that.
        var borrowed = await Scenario.WriteVolumeAsync(42, [await SampleArtifacts.AddFileAsync(Scenario.Store, "a.bin", 10_000, seed: 2)]);
        await Scenario.ResignManifestAsync(borrowed, m => m["batchId"] = "site-b-000042");
        var real = await siteB.WriteVolumeAsync(42, [await SampleArtifacts.AddFileAsync(siteB.Store, "b.bin", 10_000, seed: 3)]);
        var siteAKey = Path.Combine(Scenario.Root, "site-a.pub");
        await File.WriteAllTextAsync(siteAKey, Scenario.Key.PublicKey.ToFileText());

        var refused = await HighSide.Cli.RunAsync("import", borrowed);
        var verified = await ProductExecutable.HighSide().RunAsync("verify", borrowed, "--trust", siteAKey, "--site", "site-a");
        var imported = await HighSide.Cli.RunAsync("import", real);

        Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.Failed), refused.ToString());
        Assert.That(refused.StandardError, Does.Contain("[batch-id-mismatch]").And.Contain("site-a-000042"));
        Assert.That(verified.ExitCode, Is.EqualTo(ExitCodes.Failed), verified.ToString());
        Assert.That(verified.StandardError, Does.Contain("[batch-id-mismatch]"));
        Assert.That(imported.ExitCode, Is.Zero, "site B's real batch 42 is no replay\n" + imported);
        Assert.That(imported.StandardOutput, Does.Contain("batch site-b-000042 awaiting-approval"));
    }
}
