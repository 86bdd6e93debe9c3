using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Batches.Recovery;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches.Recovery;

/// <summary>PAR2 recovery data written by the real writer with the real par2, read by the verifier and by stock par2.</summary>
[TestFixture]
internal sealed class VolumeRecoveryWriterTests
{
    private BatchScenario _scenario = null!;

    [SetUp]
    public void SetUp() => _scenario = new BatchScenario();

    [TearDown]
    public void TearDown() => _scenario.Dispose();

    [Test]
    public async Task WriteAsync_FivePercent_RecoveryFilesListedHashedAndWithinTheEstimate()
    {
        var (volume, _) = await RecoveryVolumes.WriteAsync(_scenario);

        var verdict = await _scenario.VerifyAsync(volume);
        Assert.That(verdict.IsValid, Is.True, verdict.Message);
        var manifest = verdict.Manifest!;
        var recovery = manifest.Files.Where(f => RecoveryFileNames.IsRecoveryFile(f.Path)).ToList();
        var onDisk = RecoveryVolumes.RecoveryFiles(volume).Select(p => "recovery/" + Path.GetFileName(p));
        Assert.That(recovery.Select(f => f.Path), Is.EqualTo(onDisk));
        Assert.That(recovery.Select(f => f.Path), Has.Member("recovery/set-0001.par2").And.All.Matches<string>(RecoveryFileNames.IsWellFormed));
        var sums = await File.ReadAllLinesAsync(Path.Combine(volume, BatchFileNames.Sums));
        Assert.That(recovery.Select(f => $"{f.Sha256}  {f.Path}"), Is.SubsetOf(sums));
        Assert.That(manifest.Volumes[0].FileCount, Is.EqualTo(manifest.Files.Count));

        var payload = manifest.Files.Where(f => !RecoveryFileNames.IsRecoveryFile(f.Path)).ToList();
        var sets = RecoveryPlanner.Plan(payload, 5);
        Assert.That(recovery.Sum(f => f.Size), Is.GreaterThanOrEqualTo(payload.Sum(f => f.Size) / 20)
            .And.LessThanOrEqualTo(sets.Sum(s => s.EstimatedBytes())));
    }

    [Test]
    public async Task WriteAsync_SmallVolumes_RecoveryDataFitsEachVolumesCapacity()
    {
        const long capacity = 256 * 1024;
        var (volumes, _) = await RecoveryVolumes.WriteVolumesAsync(_scenario, 5, capacity);

        Assert.That(volumes, Has.Count.GreaterThan(2));
        foreach (var volume in volumes)
        {
            var verdict = await _scenario.VerifyAsync(volume);
            Assert.That(verdict.IsValid, Is.True, verdict.Message);
            Assert.That(RecoveryVolumes.RecoveryFiles(volume), Is.Not.Empty);
            var onDisk = Directory.EnumerateFiles(volume, "*", SearchOption.AllDirectories).Sum(f => (new FileInfo(f).Length + 4095) / 4096 * 4096);
            Assert.That(onDisk, Is.LessThanOrEqualTo(capacity), volume);
        }
    }

    [Test]
    public async Task WriteAsync_RecoveryZero_WritesNoRecoveryFiles()
    {
        var (volume, _) = await RecoveryVolumes.WriteAsync(_scenario, percent: 0);

        var verdict = await _scenario.VerifyAsync(volume);
        Assert.That(verdict.IsValid, Is.True, verdict.Message);
        Assert.That(verdict.Manifest!.Files.Where(f => RecoveryFileNames.IsRecoveryFile(f.Path)), Is.Empty);
        Assert.That(Directory.Exists(Path.Combine(volume, RecoveryFileNames.Directory)), Is.False);
    }

    [Test]
    public async Task StockPar2_VerifiesThenRepairsACopyOfTheVolume()
    {
        var (written, files) = await RecoveryVolumes.WriteAsync(_scenario);
        var volume = Path.Combine(_scenario.Root, "copy");
        await ProcessRunner.RunAsync(ProcessRunner.Require("cp"), ["-r", written, volume]);

        var verify = await ProcessRunner.RunAsync(ProcessRunner.Require(RecoveryVolumes.Par2), ["verify", "-B", ".", "recovery/set-0001.par2"], volume);
        Assert.That(verify.ExitCode, Is.Zero, verify.Combined);

        await RecoveryVolumes.ZeroAsync(RecoveryVolumes.BlobPath(volume, files[0]), 10_000, 4096);
        var repair = await ProcessRunner.RunAsync(ProcessRunner.Require(RecoveryVolumes.Par2), ["repair", "-B", ".", "recovery/set-0001.par2"], volume);
        var sums = await ProcessRunner.RunAsync(ProcessRunner.Require("sha256sum"), ["--strict", "-c", BatchFileNames.Sums], volume);

        Assert.That(repair.ExitCode, Is.Zero, repair.Combined);
        Assert.That(sums.ExitCode, Is.Zero, sums.Combined);
    }

    [Test]
    public async Task Verify_DamagedOrMissingRecoveryFiles_VolumeJudgedOnItsPayload()
    {
        var (volume, _) = await RecoveryVolumes.WriteAsync(_scenario);
        var recovery = RecoveryVolumes.RecoveryFiles(volume);
        await RecoveryVolumes.FlipByteAsync(recovery[0]);
        File.Delete(recovery[^1]);

        var verdict = await _scenario.VerifyAsync(volume);

        Assert.That(verdict.IsValid, Is.True, verdict.Message);
    }

    [TestCase("recovery/notes.txt")]
    [TestCase("recovery/set-0001.vol0+1.par2")]
    [TestCase("recovery/set-1.par2")]
    public async Task Verify_RecoveryFileOfAnotherName_ManifestInvalid(string path)
    {
        var (volume, _) = await RecoveryVolumes.WriteAsync(_scenario);
        await _scenario.ResignManifestAsync(volume, json =>
        {
            var file = json["files"]!.AsArray().Select(f => f!.AsObject()).First(f => ((string)f["path"]!).StartsWith("recovery/", StringComparison.Ordinal));
            file["path"] = path;
        });

        var verdict = await _scenario.VerifyAsync(volume);

        Assert.That(verdict.ReasonCode, Is.EqualTo(path.Contains('+', StringComparison.Ordinal) ? "unsafe-path" : "manifest-invalid"), verdict.Message);
    }
}
