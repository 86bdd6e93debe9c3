using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Hosting;

/// <summary>
/// Issue 19, re-inserting media is always safe: the real `highside import MEDIA` of a three-volume media directory, killed
/// with SIGKILL at points seen on the file system, finishes the batch when run again, which then publishes byte-identical;
/// run again once more it says what state the batch is in. The daemon's drop folder does the same with what a CLI left.
/// </summary>
public sealed class ImportResumeTests : HighSideScenarioTests
{
    private const string BatchId = "site-a-000001";

    public enum KillPoint
    {
        DuringCopyOfVolume2,
        AfterVolume2,
        DuringAssembly,
    }

    protected override bool UsesRealClock => true;

    [TestCase(KillPoint.DuringCopyOfVolume2)]
    [TestCase(KillPoint.AfterVolume2)]
    [TestCase(KillPoint.DuringAssembly)]
    public async Task Import_KilledAt_SameCommandFinishesTheBatchAndItPublishesByteIdentical(KillPoint point)
    {
        var files = await WriteThreeVolumesAsync();
        await using (var import = HighSide.Cli.StartDaemon("import", Scenario.MediaDirectory))
        {
            await ProcessMoments.WaitForAsync(import, Condition(point));
            await import.KillAsync();
        }

        var state = (await HighSide.Get<BatchRepository>().FindAsync(BatchId, CancellationToken.None))?.State;
        Assert.That(state, Is.Null.Or.EqualTo(BatchStates.Assembling), "killed before the batch was complete");

        var again = await HighSide.Cli.RunAsync("import", Scenario.MediaDirectory);

        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(again.StandardOutput, Does.Contain($"batch {BatchId} {BatchStates.AwaitingApproval}")
            .Or.Contain($"batch {BatchId} is {BatchStates.AwaitingApproval}"));
        Assert.That(again.StandardOutput, Does.Not.Contain(ImportReasons.VolumeAlreadyImported + "]"));
        Assert.That(Directory.EnumerateDirectories(HighSide.Data.Incoming()), Is.Empty, "the killed copy was discarded");
        await PublishedBatchFlow.ApproveAsync(HighSide, BatchId);
        await PublishedBatchFlow.PublishAsync(HighSide, BatchId);
        foreach (var file in files)
        {
            var published = await Sha256Digest.ComputeFileAsync(Path.Combine(HighSide.FilesMirror, file.Name), CancellationToken.None);
            Assert.That("sha256:" + published.Sha256, Is.EqualTo(file.Digest), file.Name);
        }
    }

    [Test]
    public async Task ImportAndPublish_RunAgain_SayWhatStateTheBatchIsIn()
    {
        await WriteThreeVolumesAsync();
        var volumes = Directory.EnumerateDirectories(Scenario.MediaDirectory).Order(StringComparer.Ordinal).ToList();
        await HighSide.Cli.SucceedAsync("import", volumes[0]);

        var rest = await HighSide.Cli.SucceedAsync("import", Scenario.MediaDirectory);
        var again = await HighSide.Cli.SucceedAsync("import", Scenario.MediaDirectory);
        await PublishedBatchFlow.ApproveAsync(HighSide, BatchId);
        await HighSide.Cli.SucceedAsync("publish", BatchId);
        var publishAgain = await HighSide.Cli.SucceedAsync("publish", BatchId);
        var importPublished = await HighSide.Cli.SucceedAsync("import", Scenario.MediaDirectory);

        Assert.That(rest.StandardOutput, Does.Contain($"volume 1 of batch {BatchId} is already in quarantine; skipped"));
        Assert.That(rest.StandardOutput, Does.Contain($"batch {BatchId} {BatchStates.AwaitingApproval}: all 3 volume(s) verified"));
        Assert.That(Lines(again), Has.Count.EqualTo(3).And.All.Contains($"is already in quarantine; skipped: batch {BatchId} is awaiting-approval"));
        Assert.That(publishAgain.StandardOutput.Trim(), Is.EqualTo($"batch {BatchId} is already published; nothing to do"));
        Assert.That(Lines(importPublished), Has.Count.EqualTo(3).And.All.EndsWith($"batch {BatchId} is already published"));
        Assert.That(await HighSide.Get<BatchRepository>().ListAsync(CancellationToken.None), Has.Count.EqualTo(1), "nothing was refused as a replay");
    }

    [Test]
    public async Task DropFolder_MediaWithTwoVolumesImported_DaemonImportsTheThirdAndCompletesTheBatch()
    {
        await WriteThreeVolumesAsync();
        var volumes = Directory.EnumerateDirectories(Scenario.MediaDirectory).Order(StringComparer.Ordinal).ToList();
        await HighSide.Cli.SucceedAsync("import", volumes[0]);
        await HighSide.Cli.SucceedAsync("import", volumes[1]);
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["HIGHSIDE__Http__Urls"] = $"http://127.0.0.1:{port}",
            ["HIGHSIDE__Import__DropFolder"] = Scenario.MediaDirectory,
            ["HIGHSIDE__Import__PollInterval"] = "00:00:00.250",
        };
        await using var serve = await ProductExecutable.HighSide(environment).WithData(HighSide.Data.Root)
            .StartServeAsync(new Uri($"http://127.0.0.1:{port}/health"), TimeSpan.FromSeconds(60));

        var batch = await Eventually.GetAsync(() => HighSide.Get<BatchRepository>().FindAsync(BatchId, CancellationToken.None),
            b => b?.State == BatchStates.AwaitingApproval, TimeSpan.FromSeconds(30), "the daemon to import volume 3", () => serve.Output);

        Assert.That(batch!.State, Is.EqualTo(BatchStates.AwaitingApproval));
        Assert.That(await HighSide.Get<BatchRepository>().ListAsync(CancellationToken.None), Has.Count.EqualTo(1), "nothing refused");
    }

    private Func<bool> Condition(KillPoint point) => point switch
    {
        KillPoint.DuringCopyOfVolume2 => () => Directory.Exists(HighSide.Data.BatchVolume(BatchId, 1)) && ProcessMoments.Copying(HighSide.Data.Incoming()),
        KillPoint.AfterVolume2 => () => Directory.Exists(HighSide.Data.BatchVolume(BatchId, 2)),
        _ => () => ProcessMoments.Files(HighSide.Data.BatchBlobs(BatchId)).Any(),
    };

    // Three volumes of one 8 MiB file each: the copy and the reassembly each take long enough to be caught.
    private async Task<IReadOnlyList<BatchArtifactInput>> WriteThreeVolumesAsync()
    {
        var files = new List<BatchArtifactInput>();
        for (var i = 0; i < 3; i++)
        {
            files.Add(await SampleArtifacts.AddFileAsync(Scenario.Store, $"part{i}.bin", 8L * 1024 * 1024, seed: 40 + i));
        }

        var written = await Scenario.WriteAsync(files, capacity: 10L * 1024 * 1024);
        Assert.That(written.VolumeDirectories, Has.Count.EqualTo(3));
        return files;
    }


    private static List<string> Lines(ProcessResult result) =>
        [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
