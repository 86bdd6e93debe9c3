using System.Diagnostics;
using System.Globalization;
using Dapper;
using MassTransit;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Contracts;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Hosting;

/// <summary>
/// Real `highside serve --role ...` processes on one data directory (SQLite in WAL across processes) and one private RabbitMQ
/// node: the batch's claim decides who publishes, so a batch is published exactly once while a worker is SIGKILLed
/// mid-publish; duplicated publish, import and scan messages do nothing twice; a scheduler-only process watches the drop
/// folder and leaves the import to a worker.
/// </summary>
public sealed class HighSideWorkersOnRabbitMqTests : HighSideScenarioTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private static RabbitMqServer _broker = null!;

    protected override bool UsesRealClock => true;

    [OneTimeSetUp]
    public static async Task StartBrokerAsync() => _broker = await RabbitMqServer.StartAsync();

    [OneTimeTearDown]
    public static async Task StopBrokerAsync() => await _broker.DisposeAsync();

    [Test]
    public async Task TwoWorkersOnRabbitMq_ClaimerKilledMidPublish_PublishedExactlyOnceNothingHalfWritten()
    {
        var clock = Stopwatch.StartNew();
        var artifacts = new List<BatchArtifactInput>();
        for (var i = 0; i < 5; i++)
        {
            artifacts.Add(await SampleArtifacts.AddFileAsync(Scenario.Store, $"file{i}.bin", 6L * 1024 * 1024, seed: 50 + i));
        }

        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, (await Scenario.WriteAsync(artifacts)).VolumeDirectories[0]);
        var prepared = clock.Elapsed;
        // Both workers' start-up recovery wakes the publisher for the approved batch: two messages, one claim.
        var workers = new[] { StartWorker(), StartWorker() };
        try
        {
            var (claimer, published) = await Eventually.GetAsync(() => ClaimAsync(id), c => c.Claimer is not null && c.Published >= 1, Patience,
                "one artifact published under a claim", () => Diagnostics(workers), TimeSpan.FromMilliseconds(5));
            var killed = workers.Single(w => WorkerPid(claimer!) == w.Pid);
            await killed.KillAsync();
            var killedAt = clock.Elapsed;
            Assert.That(published, Is.LessThan(artifacts.Count), "killed before the last artifact");
            Assert.That((await HighSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))!.State, Is.EqualTo(BatchStates.Publishing));

            await Eventually.GetAsync(() => StateAsync(id), s => s == BatchStates.Published, Patience, "the survivor to finish the batch",
                () => Diagnostics(workers));
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"batch imported and approved at {prepared.TotalSeconds:0.0} s; claimer killed after {published} of {artifacts.Count} artifacts "
                + $"at {killedAt.TotalSeconds:0.0} s; published by the survivor at {clock.Elapsed.TotalSeconds:0.0} s"));
            // The batch's state commits before the survivor logs it: wait for the line rather than read the log once.
            var survivor = workers.Single(w => w != killed);
            var output = await Eventually.GetAsync(
                () => Task.FromResult(survivor.Output), o => o.Contains($"Publishing {id}: published", StringComparison.Ordinal), Patience,
                "the survivor to log the batch it finished", () => Diagnostics(workers));
            Assert.That(output, Does.Contain($"Publishing {id}: published"), "the survivor took the dead worker's claim over and finished the batch");
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }

        await AssertPublishedOnceAsync(id, artifacts);
    }

    [Test]
    public async Task TwoWorkersOnRabbitMq_PublishMessageDuplicated_NoWorkDoneTwice()
    {
        var artifacts = new List<BatchArtifactInput>();
        for (var i = 0; i < 3; i++)
        {
            artifacts.Add(await SampleArtifacts.AddFileAsync(Scenario.Store, $"dup{i}.bin", 1024 * 1024, seed: 70 + i));
        }

        var volume = (await Scenario.WriteAsync(artifacts)).VolumeDirectories[0];
        var workers = new[] { StartWorker(), StartWorker() };
        try
        {
            foreach (var worker in workers)
            {
                await Eventually.GetAsync(() => Task.FromResult(worker.Output), o => o.Contains("Start-up recovery done", StringComparison.Ordinal),
                    Patience, "the worker's start-up recovery", () => worker.Output);
            }

            // Imported and approved only now, in this process (no wake-up): the only messages are the copies sent next.
            var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, volume);
            await PublishDuplicatesAsync(id, copies: 6);

            await Eventually.GetAsync(() => StateAsync(id), s => s == BatchStates.Published, Patience, "the batch published",
                () => Diagnostics(workers));
            await Eventually.GetAsync(() => Task.FromResult(CountHandled(workers, id)), n => n == 6, Patience, "every copy handled",
                () => Diagnostics(workers));
            Assert.That(string.Concat(workers.Select(w => w.Output)), Does.Contain($"batch {id} is being published by another worker"),
                "a copy reached the other worker while the batch was claimed");
            await AssertPublishedOnceAsync(id, artifacts);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task TwoWorkersOnRabbitMq_ImportAndScanMessagesDuplicated_ImportedAndScannedOnce()
    {
        var artifacts = new List<BatchArtifactInput>();
        for (var i = 0; i < 2; i++)
        {
            artifacts.Add(await SampleArtifacts.AddFileAsync(Scenario.Store, $"twice{i}.bin", 256 * 1024, seed: 90 + i));
        }

        var written = await Scenario.WriteAsync(artifacts);
        var (volume, id) = (written.VolumeDirectories[0], written.Manifest.BatchId);
        using var signatures = new TempDirectory("signatures");
        // Scanning on: the workers scan with the real clamscan and the test signatures.
        var scanning = new Dictionary<string, string> { ["HIGHSIDE__Scanning__ClamAv__Database"] = TestSignatures.WriteDatabase(signatures.Combine("db")) };
        var workers = new[] { StartWorker(scanning), StartWorker(scanning) };
        try
        {
            foreach (var worker in workers)
            {
                await Eventually.GetAsync(() => Task.FromResult(worker.Output), o => o.Contains("Start-up recovery done", StringComparison.Ordinal),
                    Patience, "the worker's start-up recovery", () => worker.Output);
            }

            await PublishDuplicatesAsync(Enumerable.Repeat(new ImportVolume(volume), 6));
            await Eventually.GetAsync(async () => (await HighSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))?.State,
                s => s == BatchStates.AwaitingApproval, Patience, "the batch imported and scanned", () => Diagnostics(workers));
            // Every other copy found the volume in quarantine, or lost the race for the import lock and was refused as known.
            await Eventually.GetAsync(() => Task.FromResult(workers.Sum(w => Lines(w, volume))), n => n == 5, Patience,
                "every duplicated import handled", () => Diagnostics(workers));

            await PublishDuplicatesAsync(Enumerable.Repeat(new ScanBatch(id), 6));
            // The import's own scan request, then the six copies: each ends in one line.
            await Eventually.GetAsync(() => Task.FromResult(workers.Sum(w => Lines(w, $"Scanning {id}: "))), n => n == 7, Patience,
                "every scan request handled", () => Diagnostics(workers));

            Assert.That((await HighSide.AuditEntriesAsync("volume.imported")).Count(e => e.Subject == id), Is.EqualTo(1), "imported once");
            Assert.That((await HighSide.AuditEntriesAsync("scan.completed")).Count(e => e.Subject == id), Is.EqualTo(1), "scanned once");
            Assert.That(workers.Sum(w => Lines(w, $"Scanning {id}: scanned")), Is.EqualTo(1), "no copy scanned the batch again");
            Assert.That(await StateAsync(id), Is.EqualTo(BatchStates.AwaitingApproval));
            Assert.That((await HighSide.Cli.RunAsync("audit", "verify")).ExitCode, Is.Zero);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task SchedulerOnlyAndWorkerOnlyOnRabbitMq_VolumeDroppedBeforeAnyWorkerStarted_TheRequestWaitsAndTheWorkerImports()
    {
        var artifact = await SampleArtifacts.AddFileAsync(Scenario.Store, "dropped.bin", 128 * 1024, seed: 95);
        var written = await Scenario.WriteAsync([artifact]);
        using var drop = new TempDirectory("drop");
        var dropFolder = new Dictionary<string, string>
        {
            ["HIGHSIDE__Import__DropFolder"] = drop.Path,
            ["HIGHSIDE__Import__PollInterval"] = "00:00:00.500",
        };
        // A broker on which no worker has ever bound the import queue: the scheduler's request must wait there, not be dropped.
        await _broker.DeleteEndpointAsync("ImportVolume");
        var scheduler = StartWorker(dropFolder, "scheduler");
        DaemonProcess? worker = null;
        try
        {
            DirectoryCopy.Recursive(written.VolumeDirectories[0], Path.Combine(drop.Path, Path.GetFileName(written.VolumeDirectories[0])));
            await Eventually.GetAsync(() => Task.FromResult(scheduler.Output), o => o.Contains("New volume in the drop folder", StringComparison.Ordinal),
                Patience, "the scheduler asking for the dropped volume", () => scheduler.Output);

            await Eventually.GetAsync(() => _broker.MessagesWaitingAsync("ImportVolume"), n => n == 1, Patience,
                "the request waiting in the import queue", () => scheduler.Output);
            worker = StartWorker(dropFolder);
            await Eventually.GetAsync(async () => (await HighSide.Get<BatchRepository>().FindAsync(written.Manifest.BatchId, CancellationToken.None))?.State,
                s => s == BatchStates.AwaitingApproval, Patience, "the dropped volume imported", () => Diagnostics([scheduler, worker]));
            Assert.That(scheduler.Output, Does.Not.Contain("is in quarantine"), "a scheduler-only process imports nothing itself");
            Assert.That(worker.Output, Does.Contain($"of batch {written.Manifest.BatchId} is in quarantine"), "the worker imported it");
            Assert.That(worker.Output, Does.Not.Contain("New volume in the drop folder"), "a worker-only process does not watch");
        }
        finally
        {
            await scheduler.DisposeAsync();
            if (worker is not null)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private DaemonProcess StartWorker(IReadOnlyDictionary<string, string>? more = null, string role = "worker")
    {
        var environment = new Dictionary<string, string>(_broker.BusEnvironment("HIGHSIDE").Concat(more ?? new Dictionary<string, string>()))
        {
            ["HIGHSIDE__Workers__ClaimLease"] = "00:00:02",
            ["HIGHSIDE__Workers__SchedulerLease"] = "00:00:03",
            ["HIGHSIDE__Workers__HeartbeatInterval"] = "00:00:00.500",
            ["HIGHSIDE__Workers__StaleAfter"] = "00:00:02",
            ["HIGHSIDE__Workers__SweepInterval"] = "00:00:00.500",
        };
        return ProductExecutable.HighSide(environment).WithData(HighSide.Data.Root).StartDaemon("serve", "--role", role);
    }

    private static Task PublishDuplicatesAsync(string id, int copies) => PublishDuplicatesAsync(Enumerable.Repeat(new PublishBatch(id), copies));

    private static async Task PublishDuplicatesAsync<T>(IEnumerable<T> messages)
        where T : class
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host("127.0.0.1", (ushort)_broker.Port, "/", host =>
        {
            host.Username(_broker.Username);
            host.Password(_broker.Password);
        }));
        await bus.StartAsync();
        try
        {
            await Task.WhenAll(messages.Select(message => bus.Publish(message)));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private async Task<(string? Claimer, long Published)> ClaimAsync(string id)
    {
        await using var connection = await HighSide.Get<Database>().OpenAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<(string?, long)>("""
            SELECT claimed_by, (SELECT COUNT(*) FROM batch_artifacts WHERE batch_id = @Id AND published_utc IS NOT NULL)
            FROM batches WHERE id = @Id
            """, new { Id = id });
    }

    private async Task<string> StateAsync(string id) => (await HighSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))!.State;

    private async Task AssertPublishedOnceAsync(string id, List<BatchArtifactInput> artifacts)
    {
        foreach (var artifact in artifacts)
        {
            var path = Path.Combine(HighSide.FilesMirror, artifact.Name);
            Assert.That("sha256:" + (await Sha256Digest.ComputeFileAsync(path, CancellationToken.None)).Sha256, Is.EqualTo(artifact.Digest),
                $"{artifact.Name} is byte-identical in the mirror");
        }

        Assert.That(Directory.EnumerateFiles(HighSide.FilesMirror, "*", SearchOption.AllDirectories).Count(), Is.EqualTo(artifacts.Count),
            "no partial, staged or duplicated file is left");
        var published = (await HighSide.AuditEntriesAsync("artifact.published")).Where(e => e.Subject == id).Select(e => e.DetailsJson).ToList();
        Assert.That(published, Has.Count.EqualTo(artifacts.Count).And.Unique, "one publish audit entry per artifact");
        Assert.That((await HighSide.AuditEntriesAsync("batch.published")).Count(e => e.Subject == id), Is.EqualTo(1), "published once");
        Assert.That((await HighSide.AuditEntriesAsync("publish.started")).Count(e => e.Subject == id), Is.EqualTo(1), "started once");
        var (claimer, _) = await ClaimAsync(id);
        Assert.That(claimer, Is.Null, "the claim was released");
        var verify = await HighSide.Cli.RunAsync("audit", "verify");
        Assert.That(verify.ExitCode, Is.Zero, "two processes kept one audit chain: " + verify.Combined);
    }

    private static int WorkerPid(string workerId) => int.Parse(workerId.Split(':')[1], CultureInfo.InvariantCulture);

    // Every copy ends in one line of the consumer: it published the batch, found it claimed, or found it published.
    private static int CountHandled(IEnumerable<DaemonProcess> workers, string id) =>
        workers.Sum(w => w.Output.Split('\n').Count(line => line.Contains($"Publishing {id}: ", StringComparison.Ordinal)));

    private static int Lines(DaemonProcess worker, string text) =>
        worker.Output.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    private static string Diagnostics(IEnumerable<DaemonProcess> workers) =>
        string.Join("\n----\n", workers.Select(w => w.Output[^Math.Min(w.Output.Length, 4000)..]));
}
