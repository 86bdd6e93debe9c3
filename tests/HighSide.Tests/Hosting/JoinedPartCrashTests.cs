using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Hosting;

/// <summary>
/// Issue 18: the real `highside import` SIGKILLed while it writes a blob's chunks into their part file (a chunk half-written
/// there), then run again: the part goes with the killed copy and the import finishes with the blob intact.
/// </summary>
public sealed class JoinedPartCrashTests : HighSideScenarioTests
{
    protected override bool UsesRealClock => true;

    [Test]
    public async Task Import_KilledWhileChunksAreWrittenIntoTheirPart_RestartDiscardsThePartAndImportSucceeds()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "big.bin", 96L * 1024 * 1024, seed: 12);
        var volume = (await Scenario.WriteAsync([file], chunkSize: 8L * 1024 * 1024)).VolumeDirectories[0];
        await using (var import = HighSide.Cli.StartDaemon("import", volume))
        {
            await ProcessMoments.WaitForAsync(import, () => PartBeingWritten() is > 0);
            await import.KillAsync();
        }

        Assert.That(PartBeingWritten(), Is.LessThan(96L * 1024 * 1024), "killed before the part was whole");
        Assert.That(await HighSide.Get<BatchRepository>().ListAsync(CancellationToken.None), Is.Empty, "nothing was recorded");

        var again = await HighSide.Cli.RunAsync("import", volume);

        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(again.StandardOutput, Does.Contain(BatchStates.AwaitingApproval));
        Assert.That(Directory.EnumerateDirectories(HighSide.Data.Incoming()), Is.Empty, "the killed copy and its parts were discarded");
        var manifest = ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest)));
        var blob = manifest.Blobs.Single(b => b.Chunks is { Count: > 1 });
        var store = new ContentStore(HighSide.Data.BatchBlobs(manifest.BatchId));
        Assert.That(await store.IsIntactAsync(blob.Digest, blob.Size, CancellationToken.None), Is.True);
    }

    // The length of a part in the incoming folder, if one is there.
    private long? PartBeingWritten() =>
        ProcessMoments.Files(HighSide.Data.Incoming())
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f))!.EndsWith(".joined", StringComparison.Ordinal))
            .Select(f => (long?)new FileInfo(f).Length)
            .FirstOrDefault();
}
