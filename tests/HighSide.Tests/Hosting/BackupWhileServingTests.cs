using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Backup;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Hosting;

/// <summary>
/// Issue 19, backups of a site in use: the real `highside backup` while a real `serve` daemon imports from its drop folder
/// and answers HTTP; the scheduled backup (Quartz) with its retention; a restore refused while the site runs.
/// </summary>
public sealed class BackupWhileServingTests : HighSideScenarioTests
{
    protected override bool UsesRealClock => true;

    [Test]
    public async Task Backup_WhileTheDaemonImportsAndServes_RestoresToASiteWhoseAuditVerifies()
    {
        var drop = Path.Combine(HighSide.Root, "drop");
        Directory.CreateDirectory(drop);
        var port = FreePort.Next();
        await using var serve = await Serve(port, new() { ["HIGHSIDE__Import__DropFolder"] = drop, ["HIGHSIDE__Import__PollInterval"] = "00:00:00.100" })
            .StartServeAsync(Health(port), TimeSpan.FromSeconds(60));
        using var http = new HttpClient();
        var archives = new List<string>();
        for (var sequence = 1; sequence <= 2; sequence++)
        {
            await DropSequenceAsync(sequence, drop);
            var archive = Path.Combine(HighSide.Root, $"online-{sequence}.tar");
            var backup = HighSide.Cli.RunAsync("backup", archive);
            var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => http.GetAsync(Health(port))));
            Assert.That((await backup).ExitCode, Is.EqualTo(ExitCodes.Ok), (await backup).Combined);
            Assert.That(answers.Select(a => a.IsSuccessStatusCode), Is.All.True);
            archives.Add(archive);
        }

        await Eventually.GetAsync(() => HighSide.Get<BatchRepository>().FindAsync("site-a-000002", CancellationToken.None),
            b => b?.State == BatchStates.AwaitingApproval, TimeSpan.FromSeconds(30), "the daemon to import sequence 2", () => serve.Output);
        var last = Path.Combine(HighSide.Root, "online-last.tar");
        await HighSide.Cli.SucceedAsync("backup", last);
        archives.Add(last);

        // The first was taken as the daemon picked up its first batch, the last once it had imported both.
        foreach (var (archive, index) in new[] { archives[0], last }.Select((a, i) => (a, i)))
        {
            var restored = ProductExecutable.HighSide().WithData(Path.Combine(HighSide.Root, $"restored-{index}"));
            await restored.SucceedAsync("restore", archive);
            var verify = await restored.RunAsync("audit", "verify");
            Assert.That(verify.ExitCode, Is.EqualTo(ExitCodes.Ok), $"{archive}: {verify.Combined}");
        }

        var running = await HighSide.Cli.RunAsync("restore", last);
        Assert.That(running.ExitCode, Is.EqualTo(ExitCodes.Failed), running.Combined);
        Assert.That(running.StandardError, Does.Contain($"[{BackupReasons.SiteRunning}]"));
    }

    [Test]
    public async Task ScheduledBackups_EverySecond_KeepTheNewestTwoAndAreAudited()
    {
        var port = FreePort.Next();
        await using var serve = await Serve(port, new() { ["HIGHSIDE__Backup__Schedule"] = "* * * * * ?", ["HIGHSIDE__Backup__Keep"] = "2" })
            .StartServeAsync(Health(port), TimeSpan.FromSeconds(60));

        await Eventually.GetAsync(() => HighSide.AuditEntriesAsync("backup.pruned"), e => e.Count >= 2, TimeSpan.FromSeconds(30),
            "two scheduled backups pruned", () => serve.Output);
        await serve.StopAsync();

        var created = await HighSide.AuditEntriesAsync("backup.created");
        var kept = Directory.GetFiles(HighSide.Data.Combine("backups"), "*.tar");
        Assert.That(created, Has.Count.GreaterThanOrEqualTo(4));
        Assert.That(created.Select(e => e.Actor), Is.All.EqualTo("system"));
        Assert.That(kept, Has.Length.EqualTo(2));
        Assert.That(kept.Select(Path.GetFileName), Is.All.Match($"^highside-{HighSideHarness.SiteId}-\\d{{8}}T\\d{{6}}Z\\.tar$"));
        var newest = created[^1].Subject;
        Assert.That(kept, Does.Contain(newest), "the newest backup is kept");
        var restored = ProductExecutable.HighSide().WithData(Path.Combine(HighSide.Root, "restored"));
        await restored.SucceedAsync("restore", newest);
        Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(HighSide.Root, "restored", "backups")), Is.Empty, "backups hold no backups");
    }

    private ProductExecutable Serve(int port, Dictionary<string, string> environment)
    {
        environment["HIGHSIDE__Http__Urls"] = $"http://127.0.0.1:{port}";
        return ProductExecutable.HighSide(environment).WithData(HighSide.Data.Root);
    }

    private static Uri Health(int port) => new($"http://127.0.0.1:{port}/health");

    // Written beside the drop folder and renamed into it, so the watcher never sees half a volume.
    private async Task DropSequenceAsync(long sequence, string drop)
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, $"file-{sequence}.bin", 50_000, seed: (int)sequence);
        var volume = await Scenario.WriteVolumeAsync(sequence, [file]);
        Directory.Move(volume, Path.Combine(drop, Path.GetFileName(volume)));
    }
}
