using TransferPipeline.Shared.Persistence;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>
/// Damaged volumes cut by the real writer with 5% recovery data (three files of 300, 200 and 100 KB: 4 KiB blocks, 150 source
/// blocks, 8 recovery blocks in 4 files), imported: repaired in quarantine with the real par2, or refused with the counts.
/// </summary>
[OnBothProviders]
public sealed class QuarantineRepairTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    [Test]
    public async Task Import_ZeroedRangesWithinTheBudget_RepairedVerifiedAndPublishedByteIdentical()
    {
        var (volume, files) = await RecoveryVolumes.WriteAsync(Scenario);
        await RecoveryVolumes.ZeroAsync(RecoveryVolumes.BlobPath(volume, files[0]), 8192, 4096);
        await RecoveryVolumes.ZeroAsync(RecoveryVolumes.BlobPath(volume, files[1]), 40_960, 4096);
        await RecoveryVolumes.ZeroAsync(RecoveryVolumes.BlobPath(volume, files[2]), 50_000, 1000);

        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, volume);
        var published = await PublishedBatchFlow.PublishAsync(HighSide, id);

        Assert.That(published.State, Is.EqualTo(BatchStates.Published));
        foreach (var file in files)
        {
            var mirrored = await File.ReadAllBytesAsync(Path.Combine(HighSide.FilesMirror, file.Name));
            Assert.That("sha256:" + Convert.ToHexStringLower(SHA256.HashData(mirrored)), Is.EqualTo(file.Digest), file.Name);
        }

        var repair = await SingleDetailsAsync("volume.repaired");
        Assert.That((int)repair["filesRepaired"]!, Is.EqualTo(3));
        Assert.That((long)repair["blocksMissing"]!, Is.EqualTo(3));
        Assert.That((long)repair["recoveryBlocksAvailable"]!, Is.EqualTo(8));
        var media = await File.ReadAllBytesAsync(RecoveryVolumes.BlobPath(volume, files[2]));
        Assert.That(media[50_000..51_000], Is.All.EqualTo(0), "the repair is made on the copy; the media is never written");
    }

    [Test]
    public async Task Import_DamageBeyondTheBudget_RefusedNamingMissingAndRecoverableBlocks()
    {
        var (volume, files) = await RecoveryVolumes.WriteAsync(Scenario);
        await RecoveryVolumes.ZeroAsync(RecoveryVolumes.BlobPath(volume, files[0]), 0, 40_000);

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.Refused), result.Message);
        Assert.That(result.ReasonCode, Is.EqualTo("volume-beyond-repair"), result.Message);
        Assert.That(result.Message, Does.Contain("10 data block(s) are missing and only 8 could be recovered"));
        Assert.That((long)(await SingleDetailsAsync("volume.repair-failed"))["blocksMissing"]!, Is.EqualTo(10));
    }

    [Test]
    public async Task Import_DamagedRecoveryFilesIntactPayload_IgnoredAndImported()
    {
        var (volume, _) = await RecoveryVolumes.WriteAsync(Scenario);
        foreach (var recovery in RecoveryVolumes.RecoveryFiles(volume))
        {
            await RecoveryVolumes.FlipByteAsync(recovery);
        }

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.AwaitingApproval), result.Message);
        Assert.That(await HighSide.AuditEntriesAsync("volume.repaired"), Is.Empty);
    }

    [Test]
    public async Task Import_OneDamagedRecoveryFile_LeftOutAndTheRestRepairs()
    {
        var (volume, files) = await RecoveryVolumes.WriteAsync(Scenario);
        var damaged = RecoveryVolumes.RecoveryFiles(volume)[1];
        await RecoveryVolumes.FlipByteAsync(damaged);
        await RecoveryVolumes.ZeroAsync(RecoveryVolumes.BlobPath(volume, files[0]), 0, 8192);

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.AwaitingApproval), result.Message);
        var repair = await SingleDetailsAsync("volume.repaired");
        Assert.That(repair["ignoredRecoveryFiles"]!.AsArray().Select(f => (string)f!), Is.EqualTo(new[] { "recovery/" + Path.GetFileName(damaged) }));
        // par2 names a recovery file set.volFIRST+COUNT.par2 (the format writes the + as -): the blocks it held are lost.
        var lost = int.Parse(Path.GetFileNameWithoutExtension(damaged).Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That((long)repair["recoveryBlocksAvailable"]!, Is.EqualTo(8 - lost));
    }

    [Test]
    public async Task Import_DamagedPayloadAndEveryRecoveryFileDamaged_RefusedBeyondRepair()
    {
        var (volume, files) = await RecoveryVolumes.WriteAsync(Scenario);
        foreach (var recovery in RecoveryVolumes.RecoveryFiles(volume))
        {
            await RecoveryVolumes.FlipByteAsync(recovery);
        }

        await RecoveryVolumes.ZeroAsync(RecoveryVolumes.BlobPath(volume, files[1]), 0, 4096);

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo("volume-beyond-repair"), result.Message);
        Assert.That(result.Message, Does.Contain("all 5 recovery files of volume 1 fail their hashes"));
    }

    private async Task<JsonObject> SingleDetailsAsync(string action) =>
        JsonNode.Parse((await HighSide.AuditEntriesAsync(action)).Single().DetailsJson)!.AsObject();
}
