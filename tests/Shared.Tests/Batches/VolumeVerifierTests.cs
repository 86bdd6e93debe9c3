using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// Every tampering of ../shared/THREATS.md that one volume's files can show (bytes, sizes, names, file
/// types), each asserting its reason code. The signed manifest's cases are in <see cref="VolumeVerifierManifestTests"/>.
/// </summary>
[TestFixture]
internal sealed class VolumeVerifierTests : SimpleVolumeTests
{
    private string LargestBlob => Directory.EnumerateFiles(Path.Combine(Volume, "blobs", "sha256")).MaxBy(f => new FileInfo(f).Length)!;
    private string SmallestBlob => Directory.EnumerateFiles(Path.Combine(Volume, "blobs", "sha256")).MinBy(f => new FileInfo(f).Length)!;

    [Test]
    public async Task Verify_Untouched_IsValid()
    {
        var result = await Scenario.VerifyAsync(Volume);
        Assert.That(result.IsValid, Is.True, result.Message);
        Assert.That(result.ReasonCode, Is.Null);
    }

    [Test]
    public void Verify_OnTheCallingThreadWithACancelledToken_StopsWithoutAVerdict()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(
            () => VolumeVerifier.Verify(Volume, Scenario.TrustedKeys, Scenario.VerificationOptions(), cancelled.Token));
    }

    [Test]
    public void VerifyAsync_CancelledWhileHashing_StopsWithoutAVerdict()
    {
        using var cancel = new CancellationTokenSource();
        var options = Scenario.VerificationOptions();
        // Cancelled from inside the content check, once its first file is hashed (the volume has several).
        options = options with { Progress = new SynchronousProgress(_ => cancel.Cancel()) };
        Assert.That(async () => await VolumeVerifier.VerifyAsync(Volume, Scenario.TrustedKeys, options, cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Verify_FlippedByte_HashMismatch()
    {
        await using (var stream = new FileStream(LargestBlob, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = 1234;
            var b = stream.ReadByte();
            stream.Position = 1234;
            stream.WriteByte((byte)(b ^ 0x01));
        }

        await AssertRejectedAsync(HashMismatch);
    }

    [Test]
    public async Task Verify_TruncatedFile_SizeMismatch()
    {
        await using (var stream = new FileStream(LargestBlob, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.SetLength(stream.Length - 1);
        }

        await AssertRejectedAsync(SizeMismatch);
    }

    [Test]
    public async Task Verify_AppendedByte_SizeMismatch()
    {
        await File.AppendAllTextAsync(LargestBlob, "x");
        await AssertRejectedAsync(SizeMismatch);
    }

    [Test]
    public async Task Verify_ExtraFile_UnexpectedFile()
    {
        await File.WriteAllTextAsync(Path.Combine(Volume, "blobs", "sha256", "README"), "surprise");
        await AssertRejectedAsync(UnexpectedFile);
    }

    [Test]
    public async Task Verify_ExtraDirectory_UnexpectedFile()
    {
        Directory.CreateDirectory(Path.Combine(Volume, "autorun"));
        await AssertRejectedAsync(UnexpectedFile);
    }

    [Test]
    public async Task Verify_MissingFile_MissingFile()
    {
        File.Delete(SmallestBlob);
        await AssertRejectedAsync(MissingFile);
    }

    [Test]
    public async Task Verify_RenamedBlob_Refused()
    {
        var blob = SmallestBlob;
        File.Move(blob, Path.Combine(Path.GetDirectoryName(blob)!, new string('a', 64)));
        await AssertRejectedAsync(UnexpectedFile);
    }

    [Test]
    public async Task Verify_TwoBlobsSwappedSameSize_HashMismatch()
    {
        // Two blobs of equal size swapped: only their content gives it away.
        var manifest = (await Scenario.VerifyAsync(Volume)).Manifest!;
        var first = manifest.Files.First(f => f.Path.StartsWith("blobs/", StringComparison.Ordinal));
        var second = manifest.Files.Last(f => f.Path.StartsWith("blobs/", StringComparison.Ordinal));
        var a = Path.Combine(Volume, first.Path);
        var b = Path.Combine(Volume, second.Path);
        var tmp = a + ".swap";
        File.Move(a, tmp);
        File.Move(b, a);
        File.Move(tmp, b);

        var result = await Scenario.VerifyAsync(Volume);

        Assert.That(result.Reason, Is.AnyOf(HashMismatch, SizeMismatch), result.Message);
    }

    [Test]
    public async Task Verify_ChunksReordered_HashMismatch()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "big.bin", 3_000_000, seed: 21);
        var result = await Scenario.WriteAsync([file], chunkSize: 1_000_000, sequence: 2);
        Volume = result.VolumeDirectories[0];
        var chunkDirectory = Path.GetDirectoryName(Path.Combine(Volume, result.Manifest.Blobs.First().Chunks![0].Path))!;
        var zero = Path.Combine(chunkDirectory, "0000");
        var one = Path.Combine(chunkDirectory, "0001");
        File.Move(zero, zero + ".x");
        File.Move(one, zero);
        File.Move(zero + ".x", one);

        await AssertRejectedAsync(HashMismatch);
    }

    [TestCase(BatchFileNames.Signature, TestName = "Verify_NoSignature_VolumeIncomplete")]
    [TestCase(BatchFileNames.Manifest, TestName = "Verify_NoManifest_VolumeIncomplete")]
    public async Task Verify_ControlFileMissing_VolumeIncomplete(string fileName)
    {
        File.Delete(Path.Combine(Volume, fileName));
        await AssertRejectedAsync(VolumeIncomplete);
    }

    [Test]
    public async Task Verify_HugeManifest_RefusedWithoutReading()
    {
        var path = Path.Combine(Volume, BatchFileNames.Manifest);
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(10L * 1024 * 1024 * 1024); // sparse: 10 GiB declared, nothing allocated
        }

        var before = GC.GetTotalAllocatedBytes();
        await AssertRejectedAsync(LimitExceeded);
        Assert.That(GC.GetTotalAllocatedBytes() - before, Is.LessThan(64L * 1024 * 1024));
    }

    // VOL-5 (revision 2026-12b): a manifest of 256 MiB is read and its signature checked; one byte more is refused unread.
    [TestCase(256L * 1024 * 1024, SignatureInvalid, TestName = "Verify_ManifestAtTheSizeLimit_ReadAndSignatureChecked")]
    [TestCase((256L * 1024 * 1024) + 1, LimitExceeded, TestName = "Verify_ManifestOneByteOverTheSizeLimit_LimitExceeded")]
    public async Task Verify_ManifestGrownToSize_Refused(long size, BatchRejectionReason expected)
    {
        await using (var stream = new FileStream(Path.Combine(Volume, BatchFileNames.Manifest), FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(size); // the signed text followed by zeros, sparse
        }

        await AssertRejectedAsync(expected);
    }

    [Test]
    public async Task Verify_Symlink_UnsafeFileType()
    {
        var target = SmallestBlob;
        File.Move(target, target + ".real");
        File.CreateSymbolicLink(target, target + ".real");
        File.Move(target + ".real", Path.Combine(Scenario.Root, "moved-away"));

        await AssertRejectedAsync(UnsafeFileType);
    }

    [Test]
    public async Task Verify_HardLink_HardLink()
    {
        var target = SmallestBlob;
        var result = await ProcessRunner.RunAsync("ln", [target, Path.Combine(Scenario.Root, "second-name")]);
        Assert.That(result.ExitCode, Is.Zero, result.Combined);

        await AssertRejectedAsync(BatchRejectionReason.HardLink);
    }

    [Test]
    public async Task Verify_Fifo_UnsafeFileType()
    {
        var result = await ProcessRunner.RunAsync("mkfifo", [Path.Combine(Volume, "blobs", "sha256", "pipe")]);
        Assert.That(result.ExitCode, Is.Zero, result.Combined);

        await AssertRejectedAsync(UnsafeFileType);
    }

    [Test]
    public async Task Verify_SetUidBit_UnsafeFileType()
    {
        File.SetUnixFileMode(SmallestBlob, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.SetUser);
        await AssertRejectedAsync(UnsafeFileType);
    }

    [Test]
    public async Task Verify_ManifestOfOtherBatchWithThisPayload_Refused()
    {
        var other = await SampleArtifacts.AddFileAsync(Scenario.Store, "other.bin", 50_000, seed: 30);
        var batchB = await Scenario.WriteAsync([other], sequence: 2, mediaDirectory: Path.Combine(Scenario.Root, "media-b"));
        foreach (var name in new[] { BatchFileNames.Manifest, BatchFileNames.Signature })
        {
            File.Copy(Path.Combine(batchB.VolumeDirectories[0], name), Path.Combine(Volume, name), overwrite: true);
        }

        await AssertRejectedAsync(HashMismatch);
    }

    [Test]
    public async Task Verify_RenamedVolumeDirectory_StillValid()
    {
        var renamed = Path.Combine(Scenario.Root, "quarantine-copy");
        Directory.Move(Volume, renamed);

        var result = await Scenario.VerifyAsync(renamed);

        Assert.That(result.IsValid, Is.True, result.Message);
    }

}
