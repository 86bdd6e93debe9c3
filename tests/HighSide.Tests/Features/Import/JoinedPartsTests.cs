using Dapper;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>
/// Issue 18, import in one pass: the chunks of a blob are written, as they are copied from the media, one after another into one
/// part file, which assembly checks against the blob's digest (CON-2) and moves into the store instead of writing the blob again.
/// A part left by a killed import, altered or removed in quarantine, or a volume refused or repaired, keeps the guarantees the
/// chunk files had.
/// </summary>
public sealed class JoinedPartsTests : HighSideScenarioTests
{
    private const string BatchId = "site-a-000001";

    [Test]
    public async Task ImportAsync_BlobChunkedOnOneVolume_ThePartIsMovedIntoTheStoreAndNoChunkFileIsLeft()
    {
        var (volume, blob) = await WriteChunkedAsync();

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.AwaitingApproval), result.Message);
        Assert.That(await Store().IsIntactAsync(blob.Digest, blob.Size, CancellationToken.None), Is.True);
        Assert.That(Directory.EnumerateFiles(HighSide.Data.BatchVolume(BatchId, 1), "*", SearchOption.AllDirectories)
            .Where(f => f.Contains("/chunks/", StringComparison.Ordinal)), Is.Empty, "the chunks were never files of their own");
        Assert.That(Directory.EnumerateFiles(HighSide.Data.BatchJoined(BatchId), "*", SearchOption.AllDirectories), Is.Empty,
            "the part became the blob");
    }

    [Test]
    public async Task ImportAsync_BlobChunkedOverTwoVolumes_JoinedFromBothParts()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "big.bin", 3_000_000, seed: 81);
        var written = await Scenario.WriteAsync([file], capacity: 2_000_000, chunkSize: 700_000);
        var manifest = await ManifestOfAsync(written.VolumeDirectories[0]);
        var blob = manifest.Blobs.Single(b => b.Chunks is { Count: > 0 });
        Assert.That(blob.Chunks!.Select(c => c.Volume).Distinct().Count(), Is.GreaterThan(1), "the blob is on several volumes");

        foreach (var volume in written.VolumeDirectories)
        {
            await HighSide.ImportAsync(volume);
        }

        var batch = await HighSide.Get<BatchRepository>().FindAsync(BatchId, CancellationToken.None);
        Assert.That(batch!.State, Is.EqualTo(BatchStates.AwaitingApproval), batch.Reason);
        Assert.That(await Store().IsIntactAsync(blob.Digest, blob.Size, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task CompleteAsync_ResumedWithTheBlobStillInItsPart_HashesThePartAndMovesIt()
    {
        var blob = await ImportThenPutBackIntoThePartAsync();

        var batch = await HighSide.Get<BatchAssembler>().CompleteAsync(BatchId, null, CancellationToken.None);

        Assert.That(batch.State, Is.EqualTo(BatchStates.AwaitingApproval), batch.Reason);
        Assert.That(await Store().IsIntactAsync(blob.Digest, blob.Size, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task CompleteAsync_PartAlteredBeforeTheRestart_RefusedAsBlobMismatch()
    {
        var blob = await ImportThenPutBackIntoThePartAsync();
        await using (var part = File.OpenWrite(PartOf(blob)))
        {
            part.Position = blob.Size / 2;
            part.WriteByte(0x5a);
        }

        var batch = await HighSide.Get<BatchAssembler>().CompleteAsync(BatchId, null, CancellationToken.None);

        Assert.That(batch.State, Is.EqualTo(BatchStates.Refused));
        Assert.That(batch.ReasonCode, Is.EqualTo(ImportReasons.BlobMismatch), batch.Reason);
        Assert.That(Store().Contains(blob.Digest), Is.False);
    }

    [Test]
    public async Task CompleteAsync_PartRemovedBeforeTheRestart_RefusedAsQuarantineTampered()
    {
        var blob = await ImportThenPutBackIntoThePartAsync();
        File.Delete(PartOf(blob));

        var batch = await HighSide.Get<BatchAssembler>().CompleteAsync(BatchId, null, CancellationToken.None);

        Assert.That(batch.State, Is.EqualTo(BatchStates.Refused));
        Assert.That(batch.ReasonCode, Is.EqualTo(ImportReasons.QuarantineTampered), batch.Reason);
    }

    [Test]
    public async Task ImportAsync_PartsLeftByAnImportKilledBeforeItsCommit_Replaced()
    {
        // A kill after the copy's parts were moved into the batch and before the volume was recorded: nothing records the volume, so
        // it is imported again, and what that kill left (here: a part of the wrong bytes) must not be taken for the new copy's.
        var (volume, blob) = await WriteChunkedAsync();
        var stale = PartOf(blob);
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        await File.WriteAllBytesAsync(stale, new byte[blob.Size]);

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.AwaitingApproval), result.Message);
        Assert.That(await Store().IsIntactAsync(blob.Digest, blob.Size, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task ImportAsync_ChunkDamagedOnTheMedia_RefusedCopyHoldsEveryChunkAsReadAndNoPartIsLeft()
    {
        var (volume, blob) = await WriteChunkedAsync();
        var damaged = Path.Combine(volume, blob.Chunks![1].Path);
        var bytes = await File.ReadAllBytesAsync(damaged);
        bytes[10] ^= 0x01;
        await File.WriteAllBytesAsync(damaged, bytes);

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.Refused));
        Assert.That(result.ReasonCode, Is.EqualTo(BatchRejectionReason.HashMismatch.ToCode()), result.Message);
        var copy = Path.Combine(HighSide.Data.BatchVolumes(result.Id), "copy");
        foreach (var chunk in blob.Chunks)
        {
            var media = await File.ReadAllBytesAsync(Path.Combine(volume, chunk.Path));
            Assert.That(await File.ReadAllBytesAsync(Path.Combine(copy, chunk.Path)), Is.EqualTo(media), chunk.Path);
        }

        Assert.That(Directory.EnumerateFileSystemEntries(HighSide.Data.Incoming()).Where(e => !e.EndsWith(".lock", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task ImportAsync_ChunkDamagedWithinTheRecoveryBudget_ChunksWrittenBackRepairedAndTheBlobAssembled()
    {
        ProcessRunner.Require(RecoveryVolumes.Par2);
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "big.bin", 400_000, seed: 82);
        var request = Scenario.Request([file], chunkSize: 100_000) with { RecoveryPercent = 5 };
        var volume = (await new BatchWriter(Scenario.Store, Scenario.Clock).WriteAsync(
            request, Scenario.Key, Scenario.MediaDirectory, null, CancellationToken.None)).VolumeDirectories.Single();
        var blob = (await ManifestOfAsync(volume)).Blobs.Single(b => b.Chunks is { Count: > 0 });
        await RecoveryVolumes.ZeroAsync(Path.Combine(volume, blob.Chunks![2].Path), 8192, 4096);

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.AwaitingApproval), result.Message);
        Assert.That(await HighSide.AuditEntriesAsync("volume.repaired"), Has.Count.EqualTo(1));
        Assert.That(await Store().IsIntactAsync(blob.Digest, blob.Size, CancellationToken.None), Is.True);
    }

    // A 2,000,000-byte file in four chunks on one volume.
    private async Task<(string Volume, ManifestBlob Blob)> WriteChunkedAsync()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "big.bin", 2_000_000, seed: 80);
        var volume = (await Scenario.WriteAsync([file], chunkSize: 500_000)).VolumeDirectories.Single();
        var blob = (await ManifestOfAsync(volume)).Blobs.Single(b => b.Chunks is { Count: > 0 });
        Assert.That(blob.Chunks, Has.Count.EqualTo(4));
        return (volume, blob);
    }

    // The state a kill leaves between the volume's commit and the blob's move into the store: the blob is still its volume's part.
    private async Task<ManifestBlob> ImportThenPutBackIntoThePartAsync()
    {
        var (volume, blob) = await WriteChunkedAsync();
        await HighSide.ImportAsync(volume);
        File.Move(Store().PathOf(blob.Digest), PartOf(blob));
        Directory.Delete(HighSide.Data.BatchBlobs(BatchId), recursive: true);
        await using var connection = await HighSide.Get<Database>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("UPDATE batches SET state = 'assembling' WHERE id = @id", new { id = BatchId });
        return blob;
    }

    private string PartOf(ManifestBlob blob) => Path.Combine(HighSide.Data.BatchJoined(BatchId), "001", blob.Digest["sha256:".Length..]);

    private ContentStore Store() => new(HighSide.Data.BatchBlobs(BatchId));

    private static async Task<BatchManifest> ManifestOfAsync(string volume) =>
        ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest)));
}
