using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Tests.Support;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>Every tampering of ../shared/THREATS.md that one volume can show, each asserting its reason code.</summary>
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
        var chunkDirectory = Path.GetDirectoryName(Path.Combine(Volume, result.Manifest.Blobs[0].Chunks![0].Path))!;
        var zero = Path.Combine(chunkDirectory, "0000");
        var one = Path.Combine(chunkDirectory, "0001");
        File.Move(zero, zero + ".x");
        File.Move(one, zero);
        File.Move(zero + ".x", one);

        await AssertRejectedAsync(HashMismatch);
    }

    [Test]
    public async Task Verify_ManifestEditedAfterSigning_SignatureInvalid()
    {
        var path = Path.Combine(Volume, BatchFileNames.Manifest);
        var text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, text.Replace("needed for tests", "needed for tests!", StringComparison.Ordinal));

        await AssertRejectedAsync(SignatureInvalid);
    }

    [Test]
    public async Task Verify_SignedByUntrustedKey_UntrustedKey()
    {
        using var stranger = MinisignSecretKey.Generate();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Volume, BatchFileNames.Manifest));
        await Scenario.SignAsync(Volume, bytes, BatchTrustedComment.For("site-a-000001", "site-a", 1), stranger);

        await AssertRejectedAsync(UntrustedKey);
    }

    [Test]
    public async Task Verify_RevokedKey_KeyRevoked()
    {
        await AssertRejectedAsync(KeyRevoked, trusted: [new TrustedSigningKey(Scenario.Key.PublicKey, "site-a", Revoked: true)]);
    }

    [Test]
    public async Task Verify_KeyTrustedForAnotherSite_KeyNotTrustedForSite()
    {
        await AssertRejectedAsync(KeyNotTrustedForSite, trusted: [new TrustedSigningKey(Scenario.Key.PublicKey, "site-b")]);
    }

    [Test]
    public async Task Verify_TrustedCommentEdited_TrustedCommentInvalid()
    {
        var path = Path.Combine(Volume, BatchFileNames.Signature);
        var text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, text.Replace("sequence:1", "sequence:9", StringComparison.Ordinal));

        await AssertRejectedAsync(TrustedCommentInvalid);
    }

    [TestCase("transferpipeline-batch batch:site-a-000002 site:site-a sequence:1", TestName = "Verify_TrustedCommentNamesOtherBatch_TrustedCommentMismatch")]
    [TestCase("transferpipeline-batch batch:site-a-000001 site:site-b sequence:1", TestName = "Verify_TrustedCommentNamesOtherSite_TrustedCommentMismatch")]
    [TestCase("transferpipeline-batch batch:site-a-000001 site:site-a sequence:7", TestName = "Verify_TrustedCommentNamesOtherSequence_TrustedCommentMismatch")]
    public async Task Verify_ValidSignatureWithForeignTrustedComment_TrustedCommentMismatch(string comment)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Volume, BatchFileNames.Manifest));
        await Scenario.SignAsync(Volume, bytes, comment);

        await AssertRejectedAsync(TrustedCommentMismatch);
    }

    [Test]
    public async Task Verify_LegacyWholeFileSignature_LegacySignature()
    {
        // Signed by the stock tool in its legacy mode (-l): Ed25519 over the whole file, not its BLAKE2b.
        var minisign = ProcessRunner.Require("minisign");
        var keys = Scenario.Root;
        var generated = await ProcessRunner.RunAsync(minisign, ["-G", "-W", "-p", Path.Combine(keys, "legacy.pub"), "-s", Path.Combine(keys, "legacy.key")]);
        Assert.That(generated.ExitCode, Is.Zero, generated.Combined);
        var signed = await ProcessRunner.RunAsync(minisign, ["-S", "-l", "-s", Path.Combine(keys, "legacy.key"),
            "-m", Path.Combine(Volume, BatchFileNames.Manifest), "-t", BatchTrustedComment.For("site-a-000001", "site-a", 1)]);
        Assert.That(signed.ExitCode, Is.Zero, signed.Combined);
        var legacyKey = MinisignPublicKey.Load(Path.Combine(keys, "legacy.pub"));

        await AssertRejectedAsync(LegacySignature, trusted: [new TrustedSigningKey(legacyKey, "site-a")]);
    }

    [Test]
    public async Task Verify_Expired_Expired()
    {
        Scenario.Clock.Advance(TimeSpan.FromDays(15));
        await AssertRejectedAsync(Expired);
    }

    [Test]
    public async Task Verify_NoSignature_VolumeIncomplete()
    {
        File.Delete(Path.Combine(Volume, BatchFileNames.Signature));
        await AssertRejectedAsync(VolumeIncomplete);
    }

    [Test]
    public async Task Verify_NoManifest_VolumeIncomplete()
    {
        File.Delete(Path.Combine(Volume, BatchFileNames.Manifest));
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

    [Test]
    public async Task Verify_FutureFormatVersion_UnsupportedFormatVersion()
    {
        await Scenario.ResignManifestAsync(Volume, m => m["formatVersion"] = 2);
        await AssertRejectedAsync(UnsupportedFormatVersion);
    }

    [Test]
    public async Task Verify_FutureFormatVersionWithUnknownProperties_UnsupportedFormatVersion()
    {
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            m["formatVersion"] = 2;
            m["compression"] = "zstd";
        });
        await AssertRejectedAsync(UnsupportedFormatVersion);
    }

    [Test]
    public async Task Verify_NotJson_ManifestMalformed()
    {
        var path = Path.Combine(Volume, BatchFileNames.Manifest);
        await File.WriteAllTextAsync(path, "{\"formatVersion\":1, nope");
        await Scenario.SignAsync(Volume, await File.ReadAllBytesAsync(path), BatchTrustedComment.For("site-a-000001", "site-a", 1));
        await AssertRejectedAsync(ManifestMalformed);
    }

    [TestCase("../escape.bin")]
    [TestCase("/etc/passwd")]
    [TestCase("blobs/../../x")]
    [TestCase("C:\\windows\\x")]
    [TestCase("\\\\host\\share\\x")]
    [TestCase("a\0b")]
    [TestCase("line\nbreak")]
    [TestCase("carriage\rreturn")]
    [TestCase("bell\u0007")]
    [TestCase("50%off")]
    [TestCase("back\\slash")]
    [TestCase("CON")]
    [TestCase("blobs/nul.txt")]
    [TestCase("trailing.")]
    [TestCase("caf\u00e9")]
    [TestCase("with space")]
    public async Task Verify_HostileFileName_UnsafePath(string hostile)
    {
        await Scenario.ResignManifestAsync(Volume, m => m["files"]!.AsArray()[0]!["path"] = hostile);
        await AssertRejectedAsync(UnsafePath);
    }

    [Test]
    public async Task Verify_DuplicateFileEntry_DuplicateEntry()
    {
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            var files = m["files"]!.AsArray();
            files.Add(files[0]!.DeepClone());
        });
        await AssertRejectedAsync(DuplicateEntry);
    }

    [Test]
    public async Task Verify_DuplicateBlobEntry_DuplicateEntry()
    {
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            var blobs = m["blobs"]!.AsArray();
            blobs.Add(blobs[0]!.DeepClone());
        });
        await AssertRejectedAsync(DuplicateEntry);
    }

    [Test]
    public async Task Verify_NamesEqualIgnoringCase_NameCollision()
    {
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            var files = m["files"]!.AsArray();
            var copy = files[0]!.DeepClone();
            copy["path"] = ((string)files[0]!["path"]!).ToUpperInvariant();
            files.Add(copy);
        });
        await AssertRejectedAsync(NameCollision);
    }

    [TestCase("BLOBS/sha256/extra", TestName = "Verify_DirectoryNamesEqualIgnoringCase_NameCollision")]
    [TestCase("blobs", TestName = "Verify_FileNamedLikeADirectory_NameCollision")]
    [TestCase("Index.JSON", TestName = "Verify_LayoutFileNameInOtherCase_NameCollision")]
    public async Task Verify_CollidingName_NameCollision(string path)
    {
        await Scenario.ResignManifestAsync(Volume, m =>
        {
            var files = m["files"]!.AsArray();
            var copy = files[0]!.DeepClone();
            copy["path"] = path;
            files.Add(copy);
        });
        await AssertRejectedAsync(NameCollision);
    }

    [Test]
    public async Task Verify_DeclaredSizeOverLimit_LimitExceeded()
    {
        await AssertRejectedAsync(LimitExceeded, limits: BatchLimits.Default with { MaxFileBytes = 1000 });
    }

    [Test]
    public async Task Verify_TooManyFiles_LimitExceeded()
    {
        await AssertRejectedAsync(LimitExceeded, limits: BatchLimits.Default with { MaxFiles = 2 });
    }

    [Test]
    public async Task Verify_AbsurdSequence_LimitExceeded()
    {
        await Scenario.ResignManifestAsync(Volume, m => m["sequence"] = long.MaxValue);
        await AssertRejectedAsync(LimitExceeded);
    }

    [Test]
    public async Task Verify_UnknownManifestProperty_ManifestMalformed()
    {
        await Scenario.ResignManifestAsync(Volume, m => m["extra"] = "smuggled");
        await AssertRejectedAsync(ManifestMalformed);
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
