using TransferPipeline.Shared.Tests.Support;
using System.Text;
using Dapper;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>
/// Completing a batch after a restart, when the verified manifest is no longer in memory: it is read
/// back from quarantine and used only if it is still the file that was verified.
/// </summary>
[OnBothProviders]
public sealed class BatchAssemblerTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    [Test]
    public async Task CompleteAsync_InterruptedBeforeAssembly_ReassemblesFromQuarantineManifest()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        var id = await ImportThenInterruptAsync(volume);

        var batch = await HighSide.Get<BatchAssembler>().CompleteAsync(id, null, CancellationToken.None);

        Assert.That(batch.State, Is.EqualTo(BatchStates.AwaitingApproval), batch.Reason);
        var manifest = ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest)));
        var store = new Shared.Storage.ContentStore(HighSide.Data.BatchBlobs(id));
        Assert.That(manifest.Blobs.All(b => store.Contains(b.Digest)), Is.True);
    }

    [Test]
    public async Task CompleteAsync_QuarantineManifestAlteredAfterImport_RefusedBeforeAnyBlobIsAssembled()
    {
        var id = await ImportThenInterruptAsync(await Scenario.WriteSimpleVolumeAsync());
        var quarantined = Path.Combine(HighSide.Data.BatchVolumes(id), "001", BatchFileNames.Manifest);
        var text = await File.ReadAllTextAsync(quarantined);
        // Still a well-formed manifest: only the digest recorded at import can tell.
        var tampered = text.Replace("\"justification\": \"", "\"justification\": \"X", StringComparison.Ordinal);
        await File.WriteAllTextAsync(quarantined, tampered, new UTF8Encoding(false));

        var batch = await HighSide.Get<BatchAssembler>().CompleteAsync(id, null, CancellationToken.None);

        Assert.That(batch.State, Is.EqualTo(BatchStates.Refused));
        Assert.That(batch.ReasonCode, Is.EqualTo(ImportReasons.QuarantineTampered));
        Assert.That(Directory.Exists(HighSide.Data.BatchBlobs(id)), Is.False, "assembly never started");
    }

    [Test]
    public async Task CompleteAsync_QuarantineManifestRemoved_Refused()
    {
        var id = await ImportThenInterruptAsync(await Scenario.WriteSimpleVolumeAsync());
        File.Delete(Path.Combine(HighSide.Data.BatchVolumes(id), "001", BatchFileNames.Manifest));

        var batch = await HighSide.Get<BatchAssembler>().CompleteAsync(id, null, CancellationToken.None);

        Assert.That(batch.ReasonCode, Is.EqualTo(ImportReasons.QuarantineTampered));
    }

    [Test]
    public async Task CompleteAsync_ResumedAfterATornBlob_StoresTheBlobAgain()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        var id = (await HighSide.ImportAsync(volume)).Id;
        var manifest = ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest)));
        var largest = manifest.Blobs.MaxBy(b => b.Size)!;
        var store = new Shared.Storage.ContentStore(HighSide.Data.BatchBlobs(id));
        // What a power cut can leave of a blob that was stored by copying (a chunked one) but not yet flushed: its name, not its
        // bytes, while its source is still in the volume copy.
        File.Copy(store.PathOf(largest.Digest), Path.Combine(HighSide.Data.BatchVolumes(id), "001", largest.Path!));
        await File.WriteAllBytesAsync(store.PathOf(largest.Digest), new byte[largest.Size]);
        await SetAssemblingAsync(id);

        var batch = await HighSide.Get<BatchAssembler>().CompleteAsync(id, null, CancellationToken.None);

        Assert.That(batch.State, Is.EqualTo(BatchStates.AwaitingApproval), batch.Reason);
        Assert.That(await store.IsIntactAsync(largest.Digest, largest.Size, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task ImportAsync_WholeBlobs_MovedFromTheVolumeCopyIntoTheStore()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();

        var id = (await HighSide.ImportAsync(volume)).Id;

        var manifest = ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest)));
        var store = new Shared.Storage.ContentStore(HighSide.Data.BatchBlobs(id));
        var whole = manifest.Blobs.Where(b => b.Shipped && b.Chunks is null).ToList();
        Assert.That(whole, Is.Not.Empty);
        foreach (var blob in whole)
        {
            Assert.That(await store.IsIntactAsync(blob.Digest, blob.Size, CancellationToken.None), Is.True, blob.Digest);
            Assert.That(File.Exists(Path.Combine(HighSide.Data.BatchVolumes(id), "001", blob.Path!)), Is.False, "moved, not copied: " + blob.Path);
        }
    }

    [Test]
    public async Task CompleteAsync_ResumedAfterWholeBlobsWereMoved_HashesThemAgainAndCompletes()
    {
        // A crash after the moves and before the batch left assembling: the restart trusts nothing it did not hash again.
        var volume = await Scenario.WriteSimpleVolumeAsync();
        var id = (await HighSide.ImportAsync(volume)).Id;
        await SetAssemblingAsync(id);

        var batch = await HighSide.Get<BatchAssembler>().CompleteAsync(id, null, CancellationToken.None);

        Assert.That(batch.State, Is.EqualTo(BatchStates.AwaitingApproval), batch.Reason);
    }

    [Test]
    public async Task CompleteAsync_MovedBlobAlteredBeforeTheRestart_RefusedAsQuarantineTampered()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        var id = (await HighSide.ImportAsync(volume)).Id;
        var manifest = ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest)));
        var largest = manifest.Blobs.MaxBy(b => b.Size)!;
        var store = new Shared.Storage.ContentStore(HighSide.Data.BatchBlobs(id));
        await File.WriteAllBytesAsync(store.PathOf(largest.Digest), new byte[largest.Size]);
        await SetAssemblingAsync(id);

        var batch = await HighSide.Get<BatchAssembler>().CompleteAsync(id, null, CancellationToken.None);

        Assert.That(batch.State, Is.EqualTo(BatchStates.Refused));
        Assert.That(batch.ReasonCode, Is.EqualTo(ImportReasons.QuarantineTampered), batch.Reason);
    }

    // The state a crash leaves between the volume's commit and the batch's assembly: every blob still in its volume copy.
    private async Task<string> ImportThenInterruptAsync(string volume)
    {
        var id = (await HighSide.ImportAsync(volume)).Id;
        await SetAssemblingAsync(id);
        var manifest = ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest)));
        var store = new Shared.Storage.ContentStore(HighSide.Data.BatchBlobs(id));
        foreach (var blob in manifest.Blobs.Where(b => b.Shipped && b.Chunks is null))
        {
            File.Move(store.PathOf(blob.Digest), Path.Combine(HighSide.Data.BatchVolumes(id), "001", blob.Path!));
        }

        Directory.Delete(HighSide.Data.BatchBlobs(id), recursive: true);
        return id;
    }

    private async Task SetAssemblingAsync(string id)
    {
        await using var connection = await HighSide.Get<Database>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("UPDATE batches SET state = 'assembling' WHERE id = @id", new { id });
    }
}
