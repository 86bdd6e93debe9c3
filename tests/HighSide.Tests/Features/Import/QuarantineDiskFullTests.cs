using System.Globalization;
using System.Text.RegularExpressions;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>
/// Issue 19, a full disk on the high side: quarantine on a 64 MiB tmpfs. A batch that cannot fit is refused before
/// anything is copied, naming the bytes needed and free; a disk another writer fills during the import stops it with
/// insufficient-space, nothing half-written left; the same command finishes once space is freed.
/// </summary>
public sealed partial class QuarantineDiskFullTests : HighSideScenarioTests
{
    private const int TmpfsMegabytes = 64;
    private TmpfsMount _quarantine = null!;

    protected override bool UsesRealClock => true;

    [SetUp]
    public async Task MountQuarantineAsync()
    {
        _quarantine = await TmpfsMount.MountAsync(HighSide.Data.Quarantine(), TmpfsMegabytes);
        Directory.CreateDirectory(HighSide.Data.Incoming());
    }

    [TearDown]
    public async Task UnmountQuarantineAsync() => await _quarantine.DisposeAsync();

    [Test]
    public async Task Import_BatchNeedingMoreThanIsFree_RefusedBeforeCopyingNamingNeededAndFree()
    {
        // Chunked over two volumes, so its chunks are joined into the blob next to them: twice its size.
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "big.bin", 40L * 1024 * 1024, seed: 5);
        await Scenario.WriteAsync([file], capacity: 24L * 1024 * 1024, chunkSize: 16L * 1024 * 1024);

        var import = await HighSide.Cli.RunAsync("import", Scenario.MediaDirectory);

        Assert.That(import.ExitCode, Is.EqualTo(1), import.ToString());
        Assert.That(import.StandardError, Does.Contain(ImportReasons.InsufficientSpace), import.ToString());
        var sizes = SizesInMessage().Match(import.StandardError);
        Assert.That(sizes.Success, Is.True, import.StandardError);
        var free = long.Parse(sizes.Groups["free"].Value, CultureInfo.InvariantCulture);
        var needed = long.Parse(sizes.Groups["needed"].Value, CultureInfo.InvariantCulture);
        TestContext.Out.WriteLine($"40 MiB batch: needed {needed} bytes, free {free} bytes");
        Assert.That(needed, Is.GreaterThan(2 * 40L * 1024 * 1024), "the copy and the reassembled blob");
        Assert.That(free, Is.InRange(TmpfsMegabytes * 1024L * 1024 - (1 << 20), TmpfsMegabytes * 1024L * 1024));
        Assert.That(ProcessMoments.Files(HighSide.Data.Quarantine()).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)), Is.Empty,
            "nothing was copied");
        Assert.That(await HighSide.Get<BatchRepository>().ListAsync(CancellationToken.None), Is.Empty, "nothing was recorded");
    }

    [Test]
    public async Task Import_WholeBlobOfMoreThanHalfTheFreeSpace_FitsBecauseItIsMovedNotCopied()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "big.bin", 40L * 1024 * 1024, seed: 6);
        await Scenario.WriteAsync([file]);

        var import = await HighSide.Cli.RunAsync("import", Scenario.MediaDirectory);

        Assert.That(import.ExitCode, Is.Zero, import.ToString());
        Assert.That(import.StandardOutput, Does.Contain(BatchStates.AwaitingApproval));
    }

    /// <param name="stage">Where the import is frozen and the disk filled: its copy, or its reassembly of the blobs.</param>
    /// <param name="failedUnder">The directory the write that found the disk full was in.</param>
    [TestCase("copy", "/quarantine/.incoming/")]
    [TestCase("assembly", "/blobs/incoming/")]
    public async Task Import_DiskFilledByAnotherWriterMidImport_InsufficientSpaceNothingHalfWrittenRerunFinishes(string stage, string failedUnder)
    {
        var files = new List<BatchArtifactInput>();
        for (var i = 0; i < 6; i++)
        {
            files.Add(await SampleArtifacts.AddFileAsync(Scenario.Store, $"part{i}.bin", 4L * 1024 * 1024, seed: 60 + i));
        }

        // Over two volumes, so that assembly writes: a blob whose chunks are on both is joined (whole blobs, and chunks copied into
        // one part file, are moved into the store, which needs no room).
        var volumes = (await Scenario.WriteAsync(files, capacity: 14L * 1024 * 1024, chunkSize: 3L * 1024 * 1024)).VolumeDirectories.Count;
        var filler = Path.Combine(HighSide.Data.Quarantine(), "filler");
        IOException full;
        await using (var import = HighSide.Cli.StartDaemon("import", Scenario.MediaDirectory))
        {
            // Frozen as its copy begins, or as the last verified copy is moved in (reassembly is next), it finds the disk full when it
            // goes on.
            await ProcessMoments.WaitForAsync(import, stage == "copy"
                ? () => ProcessMoments.Copying(HighSide.Data.Incoming())
                : () => Directory.Exists(HighSide.Data.BatchVolume("site-a-000001", volumes)));
            await SignalAsync("-STOP", import.Pid);
            full = await TmpfsMount.FillAsync(filler);
            await SignalAsync("-CONT", import.Pid);
            Assert.That(await import.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.EqualTo(1), import.Output);
            Assert.That(import.Output, Does.Contain(ImportReasons.InsufficientSpace).And.Contain(failedUnder));
        }

        Assert.That(DiskSpace.IsFull(full), Is.True, $"the filler's error is recognised as a full disk: {full.HResult} {full.Message}");
        Assert.That(ProcessMoments.Files(HighSide.Data.Quarantine()).Where(HalfWritten), Is.Empty, "no partial copy or half-written blob is left");
        var batch = await HighSide.Get<BatchRepository>().FindAsync("site-a-000001", CancellationToken.None);
        Assert.That(batch?.State, Is.Null.Or.EqualTo(BatchStates.Assembling), "a full disk refuses nothing");
        Assert.That(await HighSide.AuditEntriesAsync("import.insufficient-space"), Has.Count.EqualTo(1));

        File.Delete(filler);
        var again = await HighSide.Cli.RunAsync("import", Scenario.MediaDirectory);

        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(again.StandardOutput, Does.Contain(BatchStates.AwaitingApproval));
    }

    [Test]
    public async Task Room_ForAThreeVolumeBatch_CoversWhatTheImportReallyTakes()
    {
        var files = new List<BatchArtifactInput>();
        for (var i = 0; i < 3; i++)
        {
            files.Add(await SampleArtifacts.AddFileAsync(Scenario.Store, $"part{i}.bin", 6L * 1024 * 1024, seed: 70 + i));
        }

        var written = await Scenario.WriteAsync(files, capacity: 8L * 1024 * 1024);
        var manifestPath = Path.Combine(written.VolumeDirectories[0], BatchFileNames.Manifest);
        var manifest = ManifestReader.Parse(await File.ReadAllBytesAsync(manifestPath));
        BatchSpaceNeeds? needs;
        await using (var media = File.OpenRead(manifestPath))
        {
            needs = await ManifestSpaceScan.ReadAsync(media, CancellationToken.None);
        }

        Assert.That(needs, Is.Not.Null);
        var estimate = await HighSide.Get<QuarantineRoom>().NeededAsync(needs!, new FileInfo(manifestPath).Length, null, CancellationToken.None);
        var before = Used();

        await HighSide.Cli.SucceedAsync("import", Scenario.MediaDirectory);

        var used = Used() - before;
        var payload = manifest.Volumes.Sum(v => v.Bytes);
        TestContext.Out.WriteLine($"payload {payload} bytes in {manifest.Volumes.Count} volumes: quarantine took {used}, estimated {estimate}");
        Assert.That(estimate, Is.GreaterThanOrEqualTo(used), "the estimate covers what the import took");
        Assert.That(estimate, Is.LessThan(used + (used / 20)), "and is not far above it");
    }

    private long Used()
    {
        var drive = new DriveInfo(_quarantine.Directory);
        return drive.TotalSize - drive.AvailableFreeSpace;
    }

    // A copy still in the incoming folder, or a blob still under the store's incoming directory.
    private static bool HalfWritten(string path) =>
        path.Contains("/.incoming/", StringComparison.Ordinal) && !path.EndsWith(".lock", StringComparison.Ordinal)
        || path.Contains("/blobs/incoming/", StringComparison.Ordinal);

    private static async Task SignalAsync(string signal, int pid)
    {
        var sent = await ProcessRunner.RunAsync("kill", [signal, pid.ToString(CultureInfo.InvariantCulture)]);
        Assert.That(sent.ExitCode, Is.Zero, sent.ToString());
    }

    [GeneratedRegex(@"\((?<free>\d+) bytes free, (?<needed>\d+) needed")]
    private static partial Regex SizesInMessage();
}
