using System.Diagnostics;
using System.Security.Cryptography;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Hosting;

/// <summary>THREATS 27-28: the real `highside` SIGKILLed mid-import and mid-publish, then run again.</summary>
public sealed class CrashSafetyTests
{
    private static readonly TimeSpan KillWindow = TimeSpan.FromSeconds(60);

    private RegistryProcess _registry = null!;
    private BatchScenario _scenario = null!;
    private HighSideHarness _highSide = null!;

    [OneTimeSetUp]
    public async Task StartRegistryAsync() => _registry = await RegistryProcess.StartAsync();

    [OneTimeTearDown]
    public async Task StopRegistryAsync() => await _registry.DisposeAsync();

    [SetUp]
    public async Task SetUpAsync()
    {
        // The child process runs on the real clock: batches and approvals must be fresh for it too.
        _scenario = new BatchScenario();
        _scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, registryUrl: _registry.BaseUri.ToString().TrimEnd('/'));
        await _highSide.TrustAsync(_scenario.Key.PublicKey, "site-a");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _highSide.DisposeAsync();
        _scenario.Dispose();
    }

    [Test]
    public async Task Import_KilledDuringCopy_RestartLeavesNoTemporaryFilesAndImportSucceeds()
    {
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "big.bin", 160L * 1024 * 1024, seed: 11);
        var volume = (await _scenario.WriteAsync([file])).VolumeDirectories[0];
        await using (var import = _highSide.Cli.StartDaemon("import", volume))
        {
            await WaitForAsync(import, () => Files(_highSide.Data.Incoming).Any(f => !f.EndsWith(".lock", StringComparison.Ordinal)));
            await import.KillAsync();
        }

        Assert.That(await _highSide.Get<BatchRepository>().ListAsync(CancellationToken.None), Is.Empty, "nothing was recorded");

        var again = await _highSide.Cli.RunAsync("import", volume);

        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(again.StandardOutput, Does.Contain(BatchStates.AwaitingApproval));
        Assert.That(Directory.EnumerateDirectories(_highSide.Data.Incoming), Is.Empty, "the killed copy was discarded");
    }

    [Test]
    public async Task Publish_KilledHalfway_RestartFinishesWithoutDuplicatesOrPartialFiles()
    {
        var artifacts = new List<Shared.Batches.BatchArtifactInput>
        {
            await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "1.0", 2_000_000, seed: 1),
        };
        for (var i = 0; i < 4; i++)
        {
            artifacts.Add(await SampleArtifacts.AddFileAsync(_scenario.Store, $"file{i}.bin", 48L * 1024 * 1024, seed: 30 + i));
        }

        var written = await _scenario.WriteAsync(artifacts);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, written.VolumeDirectories[0]);
        await using (var publish = _highSide.Cli.StartDaemon("publish", id))
        {
            await WaitForAsync(publish, () => Files(_highSide.FilesMirror).Any());
            await publish.KillAsync();
        }

        var state = (await _highSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))!.State;
        Assert.That(state, Is.EqualTo(BatchStates.Publishing), "killed before the end");

        var again = await _highSide.Cli.RunAsync("publish", id);

        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That((await _highSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))!.State, Is.EqualTo(BatchStates.Published));
        foreach (var artifact in artifacts.Skip(1))
        {
            var path = Path.Combine(_highSide.FilesMirror, artifact.Name);
            Assert.That("sha256:" + (await Shared.Hashing.Sha256Digest.ComputeFileAsync(path, CancellationToken.None)).Sha256, Is.EqualTo(artifact.Digest));
        }

        Assert.That(Directory.EnumerateFiles(_highSide.FilesMirror, "*", SearchOption.AllDirectories).Count(), Is.EqualTo(4), "no partial or staged file is left");
        var raw = await Skopeo.InspectRawAsync($"{_registry.Host}/library/app:1.0");
        Assert.That("sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw)), Is.EqualTo(artifacts[0].Digest));
        var published = new List<string>();
        await foreach (var entry in _highSide.Get<AuditLog>().ReadAsync(0, CancellationToken.None))
        {
            if (entry.Action == "artifact.published")
            {
                published.Add(entry.DetailsJson);
            }
        }

        Assert.That(published, Is.Unique, "each artifact is recorded as published once");
        Assert.That(published, Has.Count.EqualTo(artifacts.Count));
    }

    private static async Task WaitForAsync(DaemonProcess process, Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited)
            {
                Assert.Fail($"the process finished (exit {process.ExitCode}) before it could be killed after {clock.Elapsed}:\n"
                    + process.Output);
            }

            Assert.That(clock.Elapsed, Is.LessThan(KillWindow), "the moment to kill never came");
            await Task.Delay(2);
        }
    }

    private static IEnumerable<string> Files(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories) : [];
}
