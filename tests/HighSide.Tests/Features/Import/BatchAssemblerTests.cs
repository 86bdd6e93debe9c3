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
public sealed class BatchAssemblerTests : HighSideScenarioTests
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
        // What a power cut can leave of a blob that was renamed into place but not yet flushed: its name, not its bytes.
        await File.WriteAllBytesAsync(store.PathOf(largest.Digest), new byte[largest.Size]);
        await using (var connection = await HighSide.Get<Database>().OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE batches SET state = 'assembling' WHERE id = @id", new { id });
        }

        var batch = await HighSide.Get<BatchAssembler>().CompleteAsync(id, null, CancellationToken.None);

        Assert.That(batch.State, Is.EqualTo(BatchStates.AwaitingApproval), batch.Reason);
        Assert.That(await store.IsIntactAsync(largest.Digest, largest.Size, CancellationToken.None), Is.True);
    }

    // The state a crash leaves between the volume's commit and the batch's assembly.
    private async Task<string> ImportThenInterruptAsync(string volume)
    {
        var id = (await HighSide.ImportAsync(volume)).Id;
        await using (var connection = await HighSide.Get<Database>().OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE batches SET state = 'assembling' WHERE id = @id", new { id });
        }

        Directory.Delete(HighSide.Data.BatchBlobs(id), recursive: true);
        return id;
    }
}
