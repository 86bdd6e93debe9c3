using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Hosting;

/// <summary>
/// Everything `highside` writes under its data directory is owner-only (directories 0700, files 0600): the real
/// executable sets up, imports (a refused copy too), takes two approvals and publishes from its daemon.
/// </summary>
public sealed class OwnerOnlyDataTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task DataDirectory_AfterImportAndPublish_NothingReadableByGroupOrOthers()
    {
        using var scenario = new BatchScenario();
        scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        var data = Path.Combine(scenario.Root, "data");
        var mirror = Path.Combine(scenario.Root, "mirror-files");
        var highside = ProductExecutable.HighSide().WithData(data);
        await highside.SucceedAsync("init", "--site", "high-a", "--files", mirror, "--no-password");
        var siteKey = Path.Combine(scenario.Root, "site-a.pub");
        await File.WriteAllTextAsync(siteKey, scenario.Key.PublicKey.ToFileText());
        await highside.SucceedAsync("trust", "add", "--site", "site-a", "--key", siteKey);
        var file = await SampleArtifacts.AddFileAsync(scenario.Store, "patch.bin", 300_000, seed: 2);
        var refused = await scenario.WriteVolumeAsync(1, [file]);
        await BatchScenario.CorruptLargestBlobAsync(refused);
        var good = await scenario.WriteVolumeAsync(2, [file]);

        Assert.That((await highside.RunAsync("import", refused)).StandardError, Does.Contain("[hash-mismatch]"));
        await highside.SucceedAsync("import", good);
        await OfficerCeremony.FoundAsync(highside, scenario.Root, "carol", "dave");
        foreach (var officer in new[] { "carol", "dave" })
        {
            await highside.SucceedAsync("approve", "site-a-000002", "--officer", officer, "--key", Path.Combine(scenario.Root, officer + ".key"));
        }

        await PublishFromTheDaemonAsync(data, mirror);

        var exposed = Walk(data).Where(e => (e.Mode & FileCreationMask.GroupAndOthers) != 0).Select(e => $"{e.Path} {e.Mode}").ToList();
        Assert.That(Walk(data).Select(e => e.Path), Has.Some.Contains("-refused-").And.Some.Contains("blobs").And.Some.Contains("logs"),
            "the walk saw the refused copy, the reassembled blobs and the daemon's log");
        Assert.That(exposed, Is.Empty, "readable (or writable) by group or others");
        Assert.That(File.GetUnixFileMode(Path.Combine(mirror, "patch.bin")) & UnixFileMode.OtherRead, Is.EqualTo(UnixFileMode.OtherRead),
            "a published mirror is there to be read");
    }

    // The daemon's schedule publishes the approved batch; the daemon writes logs and its own files as well.
    private static async Task PublishFromTheDaemonAsync(string data, string mirror)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["HIGHSIDE__Http__Urls"] = $"http://127.0.0.1:{port}",
            ["HIGHSIDE__Publish__Schedule"] = "0/1 * * * * ?",
        };
        await using var serve = await ProductExecutable.HighSide(environment).WithData(data)
            .StartServeAsync(new Uri($"http://127.0.0.1:{port}/health"), Patience);
        await Eventually.GetAsync(() => Task.FromResult(File.Exists(Path.Combine(mirror, "patch.bin"))), published => published, Patience,
            "the scheduled publish", () => serve.Output);
        await serve.StopAsync();
    }

    private static IEnumerable<(string Path, UnixFileMode Mode)> Walk(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Prepend(root)
            .Select(path => (path, FileMetadataReader.Read(path).Mode));
}
