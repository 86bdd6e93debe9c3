using TransferPipeline.Shared.Persistence;
using System.Text.Json;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>Refused copies cannot fill the disk: they leave after Import:KeepRefusedDays, and one quota covers all of quarantine.</summary>
[OnBothProviders]
public sealed class QuarantineSpaceTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    [Test]
    public async Task Import_RefusedCopyPastKeepRefusedDays_RemovedWithAuditEntryWhileYoungerStays()
    {
        var old = await HighSide.ImportAsync(await WriteTamperedVolumeAsync(1));
        Scenario.Clock.Advance(TimeSpan.FromDays(10));
        var young = await HighSide.ImportAsync(await WriteTamperedVolumeAsync(2));
        Scenario.Clock.Advance(TimeSpan.FromDays(5));
        var freed = BytesIn(HighSide.Data.BatchDirectory(old.Id));

        var next = await HighSide.ImportAsync(await WriteVolumeAsync(3));

        Assert.That(new[] { old.ReasonCode, young.ReasonCode }, Is.All.EqualTo("hash-mismatch"));
        Assert.That(next.State, Is.EqualTo(BatchStates.AwaitingApproval), next.Message);
        Assert.That(Directory.Exists(HighSide.Data.BatchDirectory(old.Id)), Is.False, "15 days after its refusal");
        Assert.That(Directory.Exists(HighSide.Data.BatchVolumes(young.Id)), Is.True, "5 days after its refusal");
        var removals = await HighSide.AuditEntriesAsync("batch.refused-copy-removed");
        Assert.That(removals.Select(e => e.Subject), Is.EqualTo(new[] { old.Id }));
        var details = JsonDocument.Parse(removals[0].DetailsJson).RootElement;
        Assert.That(details.GetProperty("batch").GetString(), Is.EqualTo("site-a-000001"));
        Assert.That(details.GetProperty("bytes").GetInt64(), Is.EqualTo(freed).And.GreaterThan(0));
        Assert.That((await HighSide.Get<BatchRepository>().FindAsync(old.Id, CancellationToken.None))!.State, Is.EqualTo(BatchStates.Refused),
            "the record of the refusal stays");
    }

    [Test]
    public async Task Import_CopyBeyondQuarantineQuota_RefusedQuotaExceededUntilRefusedCopiesLeave()
    {
        await using var small = await HighSideHarness.CreateAsync(Scenario.Clock, json =>
        {
            json["Import"]!["MaxQuarantineBytes"] = 900_000;
            json["Import"]!["KeepRefusedDays"] = 1;
        });
        await small.TrustAsync(Scenario.Key.PublicKey, "site-a");
        Assert.That((await small.ImportAsync(await WriteTamperedVolumeAsync(1))).ReasonCode, Is.EqualTo("hash-mismatch"));
        var volume = await WriteVolumeAsync(2);

        var refused = await small.ImportAsync(volume);

        Assert.That(refused.ReasonCode, Is.EqualTo(ImportReasons.QuotaExceeded), refused.Message);
        Assert.That(refused.Message, Does.Contain("Import:MaxQuarantineBytes"));
        Assert.That(Directory.EnumerateDirectories(small.Data.Incoming()), Is.Empty, "the copy was stopped and discarded");
        Scenario.Clock.Advance(TimeSpan.FromDays(2));
        var accepted = await small.ImportAsync(volume);
        Assert.That(accepted.State, Is.EqualTo(BatchStates.AwaitingApproval), "the refused copy left and made room: " + accepted.Message);
    }

    private async Task<string> WriteVolumeAsync(long sequence)
    {
        var image = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/app", "1.0", 200_000, seed: 1);
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "patch.bin", 300_000, seed: 2);
        return await Scenario.WriteVolumeAsync(sequence, [image, file]);
    }

    private async Task<string> WriteTamperedVolumeAsync(long sequence)
    {
        var volume = await WriteVolumeAsync(sequence);
        await BatchScenario.CorruptLargestBlobAsync(volume);
        return volume;
    }

    private static long BytesIn(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
