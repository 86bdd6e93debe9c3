using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Hosting;

/// <summary>THREATS 27-28: the real `highside` SIGKILLed mid-import and mid-publish, then run again.</summary>
public sealed class CrashSafetyTests : RegistryScenarioTests
{

    protected override bool UsesRealClock => true;

    [Test]
    public async Task Import_KilledDuringCopy_RestartLeavesNoTemporaryFilesAndImportSucceeds()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "big.bin", 160L * 1024 * 1024, seed: 11);
        var volume = (await Scenario.WriteAsync([file])).VolumeDirectories[0];
        await using (var import = HighSide.Cli.StartDaemon("import", volume))
        {
            await ProcessMoments.WaitForAsync(import, () => ProcessMoments.Copying(HighSide.Data.Incoming()));
            await import.KillAsync();
        }

        Assert.That(await HighSide.Get<BatchRepository>().ListAsync(CancellationToken.None), Is.Empty, "nothing was recorded");

        var again = await HighSide.Cli.RunAsync("import", volume);

        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(again.StandardOutput, Does.Contain(BatchStates.AwaitingApproval));
        Assert.That(Directory.EnumerateDirectories(HighSide.Data.Incoming()), Is.Empty, "the killed copy was discarded");
    }

    [Test]
    public async Task Publish_KilledHalfway_RestartFinishesWithoutDuplicatesOrPartialFiles()
    {
        var artifacts = new List<Shared.Batches.BatchArtifactInput>
        {
            await SampleArtifacts.AddImageAsync(Scenario.Store, "library/app", "1.0", 2_000_000, seed: 1),
        };
        for (var i = 0; i < 4; i++)
        {
            artifacts.Add(await SampleArtifacts.AddFileAsync(Scenario.Store, $"file{i}.bin", 48L * 1024 * 1024, seed: 30 + i));
        }

        var written = await Scenario.WriteAsync(artifacts);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, written.VolumeDirectories[0]);
        await using (var publish = HighSide.Cli.StartDaemon("publish", id))
        {
            await ProcessMoments.WaitForAsync(publish, () => ProcessMoments.Files(HighSide.FilesMirror).Any());
            await publish.KillAsync();
        }

        var state = (await HighSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))!.State;
        Assert.That(state, Is.EqualTo(BatchStates.Publishing), "killed before the end");

        var again = await HighSide.Cli.RunAsync("publish", id);

        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That((await HighSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))!.State, Is.EqualTo(BatchStates.Published));
        foreach (var artifact in artifacts.Skip(1))
        {
            var path = Path.Combine(HighSide.FilesMirror, artifact.Name);
            Assert.That("sha256:" + (await Shared.Hashing.Sha256Digest.ComputeFileAsync(path, CancellationToken.None)).Sha256, Is.EqualTo(artifact.Digest));
        }

        Assert.That(Directory.EnumerateFiles(HighSide.FilesMirror, "*", SearchOption.AllDirectories).Count(), Is.EqualTo(4),
            "no partial or staged file is left");
        Assert.That(await ServedDigestAsync("library/app:1.0"), Is.EqualTo(artifacts[0].Digest));
        var published = new List<string>();
        await foreach (var entry in HighSide.Get<AuditLog>().ReadAsync(0, CancellationToken.None))
        {
            if (entry.Action == "artifact.published")
            {
                published.Add(entry.DetailsJson);
            }
        }

        Assert.That(published, Is.Unique, "each artifact is recorded as published once");
        Assert.That(published, Has.Count.EqualTo(artifacts.Count));
        Assert.That(again.StandardOutput,
            Does.Match($"batch {id} is published: [0-9]+ artifact\\(s\\) published( now, [0-9]+ by an earlier, interrupted run)?$"));
        var thirdTime = await HighSide.Cli.RunAsync("publish", id);
        Assert.That((thirdTime.ExitCode, thirdTime.StandardOutput.Trim()), Is.EqualTo((0, $"batch {id} is already published; nothing to do")));
    }
}
