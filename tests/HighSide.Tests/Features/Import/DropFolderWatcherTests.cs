using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>
/// THREATS 13 against the real `highside serve`: a hostile entry in the drop folder is skipped (logged and audited
/// once, never opened) and the volumes copied in after it are still imported.
/// </summary>
public sealed class DropFolderWatcherTests : HighSideScenarioTests
{
    private const string Skipped = "import.drop-folder-skipped";
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(15);

    protected override bool UsesRealClock => true;

    [Test]
    public async Task DropFolder_FifoNamedSha256Sums_DoesNotStopLaterImports()
    {
        await AssertLaterVolumeImportedAsync(async sums =>
        {
            var made = await ProcessRunner.RunAsync("/usr/bin/mkfifo", [sums]);
            Assert.That(made.ExitCode, Is.Zero, made.Combined);
        });
    }

    [Test]
    public async Task DropFolder_Sha256SumsLinkToDevZero_DoesNotStopLaterImports()
    {
        await AssertLaterVolumeImportedAsync(sums =>
        {
            File.CreateSymbolicLink(sums, "/dev/zero");
            return Task.CompletedTask;
        });
    }

    /// <summary>A committed volume whose SHA256SUMS <paramref name="plant"/> replaces lies in the drop folder; then a good one arrives.</summary>
    private async Task AssertLaterVolumeImportedAsync(Func<string, Task> plant)
    {
        var drop = Path.Combine(HighSide.Root, "drop");
        Directory.CreateDirectory(drop);
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "patch.bin", 10_000, seed: 2);
        var hostile = await Scenario.WriteVolumeAsync(1, [file]);
        File.Delete(Path.Combine(hostile, BatchFileNames.Sums));
        await plant(Path.Combine(hostile, BatchFileNames.Sums));
        Directory.Move(hostile, Path.Combine(drop, Path.GetFileName(hostile)));
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["HIGHSIDE__Http__Urls"] = $"http://127.0.0.1:{port}",
            ["HIGHSIDE__Import__DropFolder"] = drop,
            ["HIGHSIDE__Import__PollInterval"] = "00:00:00.250",
        };
        await using var serve = await ProductExecutable.HighSide(environment).WithData(HighSide.Data.Root)
            .StartServeAsync(new Uri($"http://127.0.0.1:{port}/health"), TimeSpan.FromSeconds(60));
        await Eventually.GetAsync(() => HighSide.AuditEntriesAsync(Skipped), e => e.Count > 0, Bounded, "the watcher to report the hostile entry",
            () => serve.Output);
        var good = await Scenario.WriteVolumeAsync(2, [file]);

        Directory.Move(good, Path.Combine(drop, Path.GetFileName(good)));

        var batch = await Eventually.GetAsync(
            () => HighSide.Get<BatchRepository>().FindAsync("site-a-000002", CancellationToken.None),
            b => b?.State == BatchStates.AwaitingApproval,
            Bounded,
            "the good volume to be imported",
            () => serve.Output);
        Assert.That(batch!.State, Is.EqualTo(BatchStates.AwaitingApproval));
        var reports = await HighSide.AuditEntriesAsync(Skipped);
        Assert.That(reports, Has.Count.EqualTo(1), "reported once, though the folder was scanned every 250 ms");
        Assert.That(reports[0].DetailsJson, Does.Contain("unsafe-file-type"));
        Assert.That(serve.HasExited, Is.False, serve.Output);
        await serve.StopAsync();
    }
}
