using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

[TestFixture]
internal sealed class BatchWriterTests
{
    private BatchScenario _scenario = null!;

    [SetUp]
    public void SetUp() => _scenario = new BatchScenario();

    [TearDown]
    public void TearDown() => _scenario.Dispose();

    [Test]
    public async Task WriteAsync_OneVolume_VerifiesAndListsEveryBlob()
    {
        var volume = await _scenario.WriteSimpleVolumeAsync();

        var result = await _scenario.VerifyAsync(volume);

        Assert.That(result.IsValid, Is.True, result.Message);
        Assert.That(result.VolumeNumber, Is.EqualTo(1));
        Assert.That(result.Manifest!.Artifacts, Has.Count.EqualTo(2));
        Assert.That(result.Manifest.Blobs.All(b => b.Shipped && File.Exists(Path.Combine(volume, b.Path!))), Is.True);
        Assert.That(File.Exists(Path.Combine(volume, BatchFileNames.Signature)), Is.True);
    }

    [Test]
    public async Task CollectWriterHeapAsync_AfterTheWriteReturned_TheRequestIsCollected()
    {
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "patch.bin", 300_000, seed: 2);
        var (result, request) = await WriteAsync(file);
        using (result)
        {
            await BatchWriter.CollectWriterHeapAsync();

            // As the cut does before it verifies: the request (every blob of every artifact) must not live on into the verification.
            Assert.That(request.IsAlive, Is.False);
        }
    }

    private static readonly BatchLimits[] LimitsTheBatchExceeds =
    [
        BatchLimits.Default with { MaxFiles = 3 },
        BatchLimits.Default with { MaxManifestBytes = 2048 },
        BatchLimits.Default with { MaxArtifacts = 1 },
        BatchLimits.Default with { MaxArtifactTextLength = 100 },
    ];

    [TestCaseSource(nameof(LimitsTheBatchExceeds))]
    public async Task WriteAsync_BeyondTheVerifiersLimits_RefusedBeforeWritingAnything(BatchLimits limits)
    {
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "1.0", 10_000, seed: 1);
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "patch.bin", 10_000, seed: 2);

        var refused = Assert.ThrowsAsync<BatchTooLargeException>(async () => await _scenario.WriteAsync([image, file], limits: limits));

        Assert.That(refused!.Message, Does.Contain("nothing was written"));
        Assert.That(Directory.Exists(_scenario.MediaDirectory) && Directory.EnumerateFileSystemEntries(_scenario.MediaDirectory).Any(), Is.False);
    }

    [Test]
    public async Task WriteAsync_BatchIdNotItsSiteAndSequence_RefusedBeforeWritingAnything()
    {
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "patch.bin", 10_000, seed: 2);
        var request = _scenario.Request([file], sequence: 42) with { BatchId = "site-b-000042" };
        var writer = new BatchWriter(_scenario.Store, _scenario.Clock);

        var refused = Assert.ThrowsAsync<ArgumentException>(async () =>
            await writer.WriteAsync(request, _scenario.Key, _scenario.MediaDirectory, null, CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("site-a-000042"));
        Assert.That(Directory.Exists(_scenario.MediaDirectory), Is.False);
    }

    [Test]
    public async Task WriteAsync_SmallVolumes_SplitsBatchAndEachVolumeVerifiesAlone()
    {
        var artifacts = new List<BatchArtifactInput>();
        for (var i = 0; i < 4; i++)
        {
            artifacts.Add(await SampleArtifacts.AddFileAsync(_scenario.Store, $"file{i}.bin", 700_000, seed: 10 + i));
        }

        var result = await _scenario.WriteAsync(artifacts, capacity: 1_200_000);

        Assert.That(result.VolumeDirectories, Has.Count.GreaterThanOrEqualTo(3));
        foreach (var volume in result.VolumeDirectories)
        {
            var verification = await _scenario.VerifyAsync(volume);
            Assert.That(verification.IsValid, Is.True, verification.Message);
            Assert.That(DirectorySize(volume), Is.LessThanOrEqualTo(1_200_000), $"{volume} exceeds its capacity");
        }
    }

    [Test]
    public async Task WriteAsync_ImagesWhoseMetadataOutgrowsTheFirstPlan_EachVolumeLaysOutItsWholeImages()
    {
        // 132 images make a manifest of a few hundred KiB: the first plan, with 64 KiB kept for metadata, does not fit, and
        // the image table is refilled for the plan made again. Their large layers are chunked across a dozen volumes. The
        // layout check of every volume (index.json against the images whole on it) holds the table to the final plan.
        var images = new List<BatchArtifactInput>();
        for (var i = 0; i < 132; i++)
        {
            var layerBytes = i % 11 == 5 ? 300_000 : 12_000;
            images.Add(await SampleArtifacts.AddImageAsync(_scenario.Store, $"library/app{i}", "1.0", layerBytes, seed: 100 + i));
        }

        var result = await _scenario.WriteAsync(images, capacity: 1_000_000, chunkSize: 100_000);

        Assert.That(new FileInfo(Path.Combine(result.VolumeDirectories[0], BatchFileNames.Manifest)).Length, Is.GreaterThan(64 * 1024));
        var laidOut = 0;
        foreach (var volume in result.VolumeDirectories)
        {
            var verification = await _scenario.VerifyAsync(volume);
            Assert.That(verification.IsValid, Is.True, verification.Message);
            using var index = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.OciIndex)));
            laidOut += index.RootElement.GetProperty("manifests").GetArrayLength();
        }

        var manifest = (await _scenario.VerifyAsync(result.VolumeDirectories[0])).Manifest!;
        Assert.That(manifest.Blobs.Count(b => b.Chunks is not null), Is.GreaterThan(0), "the large layers are split between volumes");
        Assert.That(laidOut, Is.InRange(100, 131), "the images whole on a volume are laid out there");
    }

    [Test]
    public async Task WriteAsync_SmallVolumes_FillsEachVolumeBeforeStartingTheNext()
    {
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "firmware.bin", 3_000_000, seed: 12);
        var chart = await SampleArtifacts.AddFileAsync(_scenario.Store, "chart.tgz", 5_000, seed: 13);

        var result = await _scenario.WriteAsync([file, chart], capacity: 1 << 20, chunkSize: 256 * 1024);

        // 3 MB of payload on 1 MiB volumes that each also carry the whole manifest: four, not nine.
        Assert.That(result.VolumeDirectories, Has.Count.LessThanOrEqualTo(4));
        foreach (var volume in result.VolumeDirectories)
        {
            Assert.That(DirectorySize(volume), Is.LessThanOrEqualTo(1 << 20), $"{volume} exceeds its capacity");
            Assert.That((await _scenario.VerifyAsync(volume)).IsValid, Is.True);
        }
    }

    [Test]
    public async Task WriteAsync_BlobLargerThanChunkSize_SplitsIntoChunksThatReassemble()
    {
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "big.iso", 5_000_000, seed: 3);

        var result = await _scenario.WriteAsync([file], chunkSize: 1_000_000);

        var blob = result.Manifest.Blobs.Single();
        Assert.That(blob.Chunks, Has.Count.EqualTo(5));
        Assert.That(blob.Chunks!.Sum(c => c.Size), Is.EqualTo(5_000_000));
        Assert.That((await _scenario.VerifyAsync(result.VolumeDirectories[0])).IsValid, Is.True);
    }

    [Test]
    public async Task WriteAsync_VolumeBoundaryInsideLargeBlob_ChunksSpanVolumes()
    {
        var small = await SampleArtifacts.AddFileAsync(_scenario.Store, "small.bin", 500_000, seed: 4);
        var large = await SampleArtifacts.AddFileAsync(_scenario.Store, "large.bin", 3_000_000, seed: 5);

        var result = await _scenario.WriteAsync([small, large], capacity: 2_000_000);

        var chunks = result.Manifest.Blobs.Single(b => b.Digest == large.Digest).Chunks!;
        Assert.That(chunks.Select(c => c.Volume).Distinct().Count(), Is.GreaterThan(1));
        foreach (var volume in result.VolumeDirectories)
        {
            var verification = await _scenario.VerifyAsync(volume);
            Assert.That(verification.IsValid, Is.True, verification.Message);
        }
    }

    [Test]
    public async Task WriteAsync_SharedBlob_StoredOncePerBatch()
    {
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "1.0", 1000, seed: 6);
        var sameImageOtherTag = image with { Version = "latest", RequestId = "r2", Requester = "carol" };

        var result = await _scenario.WriteAsync([image, sameImageOtherTag]);

        Assert.That(result.Manifest.Blobs, Has.Count.EqualTo(3));
        Assert.That(result.Manifest.Artifacts.Select(a => a.LayoutTag).Distinct().Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task WriteAsync_BlobsPresentOnHighSide_ListedButNotShipped()
    {
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "2.0", 100_000, seed: 7);
        var layer = image.Blobs[2].Digest;

        var result = await _scenario.WriteAsync([image], present: new HashSet<string> { layer });

        var blob = result.Manifest.Blobs.Single(b => b.Digest == layer);
        Assert.That(blob.Shipped, Is.False);
        Assert.That(File.Exists(Path.Combine(result.VolumeDirectories[0], BatchFileNames.BlobPath(layer))), Is.False);
        Assert.That((await _scenario.VerifyAsync(result.VolumeDirectories[0])).IsValid, Is.True);
    }

    [Test]
    public async Task WriteAsync_BlobRepeatedInAnArtifactAndAcrossThem_ListedOnceWhereFirstNamed()
    {
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "3.0", 10_000, seed: 8);
        var other = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/other", "1.0", 10_000, seed: 9);
        var repeated = image with { Blobs = [.. image.Blobs, image.Blobs[1]] };
        var sharing = other with { Blobs = [.. other.Blobs, image.Blobs[2]] };

        var result = await _scenario.WriteAsync([repeated, sharing]);

        var artifacts = result.Manifest.Artifacts;
        Assert.That(artifacts[0].Blobs, Is.EqualTo(image.Blobs.Select(b => b.Digest)), "the repeat left out of its artifact's list");
        Assert.That(artifacts[1].Blobs, Is.EqualTo(sharing.Blobs.Select(b => b.Digest)));
        Assert.That(result.Manifest.Blobs.Select(b => b.Digest),
            Is.EqualTo(image.Blobs.Concat(other.Blobs).Select(b => b.Digest)), "each blob once, in the order first named");
        Assert.That((await _scenario.VerifyAsync(result.VolumeDirectories[0])).IsValid, Is.True);
    }

    [Test]
    public async Task WriteAsync_BlobsPresentOnHighSideBetweenShippedOnes_EachShippedBlobAtItsOwnPieces()
    {
        var first = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "4.0", 300_000, seed: 10);
        var second = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/other", "2.0", 200_000, seed: 11);
        var present = new HashSet<string> { first.Blobs[0].Digest, first.Blobs[2].Digest, second.Blobs[1].Digest };

        // Chunks of 64 KiB: the shipped layers are several pieces each, and a present blob lies between them.
        var result = await _scenario.WriteAsync([first, second], chunkSize: 64 * 1024, present: present);

        var blobs = result.Manifest.Blobs.ToList();
        Assert.That(blobs.Where(b => !b.Shipped).Select(b => b.Digest), Is.EquivalentTo(present));
        foreach (var blob in blobs.Where(b => b.Shipped))
        {
            var pieces = blob.Chunks is { } chunks ? chunks.Select(c => c.Path).ToList() : [blob.Path!];
            Assert.That(pieces, Is.All.Contain(blob.Digest["sha256:".Length..]), blob.Digest);
        }

        Assert.That((await _scenario.VerifyAsync(result.VolumeDirectories[0])).IsValid, Is.True);
    }

    [Test]
    public async Task WriteAsync_CommittedVolumeAlreadyThere_RefusesToOverwrite()
    {
        await _scenario.WriteSimpleVolumeAsync();
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "other.bin", 1000, seed: 8);

        Assert.That(async () => await _scenario.WriteAsync([file]), Throws.InstanceOf<IOException>().With.Message.Contains("committed"));
    }

    [Test]
    public async Task WriteAsync_IncompleteVolumeFromCrash_IsReplaced()
    {
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "f.bin", 1000, seed: 9);
        var leftover = Path.Combine(_scenario.MediaDirectory, BatchFileNames.VolumeName("site-a-000001", 1));
        Directory.CreateDirectory(Path.Combine(leftover, "blobs", "sha256"));
        await File.WriteAllTextAsync(Path.Combine(leftover, "blobs", "sha256", "junk.tp-partial"), "half");

        var result = await _scenario.WriteAsync([file]);

        Assert.That((await _scenario.VerifyAsync(result.VolumeDirectories[0])).IsValid, Is.True);
        Assert.That(File.Exists(Path.Combine(leftover, "blobs", "sha256", "junk.tp-partial")), Is.False);
    }

    [Test]
    public async Task WriteAsync_CorruptBlobInStore_FailsAndCommitsNothing()
    {
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "f.bin", 10_000, seed: 11);
        await using (var stream = File.OpenWrite(_scenario.Store.PathOf(file.Digest)))
        {
            stream.WriteByte(0xFF);
        }

        Assert.That(async () => await _scenario.WriteAsync([file]), Throws.InstanceOf<InvalidDataException>());
        var volume = Path.Combine(_scenario.MediaDirectory, BatchFileNames.VolumeName("site-a-000001", 1));
        Assert.That(File.Exists(Path.Combine(volume, BatchFileNames.Signature)), Is.False);
        Assert.That((await _scenario.VerifyAsync(volume)).Reason, Is.EqualTo(BatchRejectionReason.VolumeIncomplete));
    }

    [Test]
    public async Task WriteAsync_CorruptChunkedBlobInStore_FailsAndCommitsNothing()
    {
        // A chunked blob is checked with a whole-blob hash; a blob in one piece by its piece's hash.
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "big.iso", 3_000_000, seed: 12);
        await using (var stream = File.OpenWrite(_scenario.Store.PathOf(file.Digest)))
        {
            stream.Position = 2_500_000;
            stream.WriteByte(0xFF);
        }

        Assert.That(async () => await _scenario.WriteAsync([file], chunkSize: 1_000_000), Throws.InstanceOf<InvalidDataException>());
        var volume = Path.Combine(_scenario.MediaDirectory, BatchFileNames.VolumeName("site-a-000001", 1));
        Assert.That(File.Exists(Path.Combine(volume, BatchFileNames.Signature)), Is.False);
    }

    [Test]
    public async Task WriteAsync_BytesChangedOnTheWayToTheMedia_FailsNamingTheMediaAndCommitsNothing()
    {
        // The store's copy is intact, but the first read of it delivers one altered byte: what lands on the
        // media is not the blob. The read-back catches it, and hashing the store again clears the store.
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "f.bin", 3_000_000, seed: 13);
        var writer = new BatchWriter(new FlipsOneByteOnFirstRead(_scenario.Store, 2_000_000), _scenario.Clock);

        var failure = Assert.ThrowsAsync<IOException>(async () => await writer.WriteAsync(
            _scenario.Request([file], chunkSize: 1_000_000), _scenario.Key, _scenario.MediaDirectory, null, CancellationToken.None));

        Assert.That(failure!.Message, Does.Contain(file.Digest).And.Contain("media is faulty"));
        var volume = Path.Combine(_scenario.MediaDirectory, BatchFileNames.VolumeName("site-a-000001", 1));
        Assert.That(File.Exists(Path.Combine(volume, BatchFileNames.Signature)), Is.False);
    }

    [Test]
    public async Task WriteAsync_ReadBack_HoldsTheHashOfEveryPayloadFileTheManifestLists()
    {
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "1.0", 200_000, seed: 1);
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "big.iso", 2_500_000, seed: 14);

        var result = await _scenario.WriteAsync([image, file], chunkSize: 1_000_000);

        var manifest = result.Manifest;
        var payload = manifest.Files
            .Where(f => f.Path.StartsWith("blobs/", StringComparison.Ordinal) || f.Path.StartsWith("chunks/", StringComparison.Ordinal))
            .ToList();
        Assert.That(result.ReadBack.Count, Is.EqualTo(payload.Count));
        Assert.That(payload.All(f => result.ReadBack.Matches(f.Volume, f.Path, f.Sha256) == true), Is.True);
        Assert.That(payload.All(f => result.ReadBack.Matches(f.Volume, f.Path, new string('0', 64)) == false), Is.True);
        Assert.That(result.ReadBack.Matches(1, BatchFileNames.OciIndex, new string('0', 64)), Is.Null);
    }

    [Test]
    public async Task WriteAsync_ReadBack_KnowsOnlyTheExactPathsItWrote()
    {
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "big.iso", 2_500_000, seed: 17);
        var result = await _scenario.WriteAsync([file], chunkSize: 1_000_000);
        var chunk = result.Manifest.Files.Single(f => f.Path.EndsWith("/0001", StringComparison.Ordinal));
        var hex = BatchFileNames.DigestHex(file.Digest);

        Assert.That(result.ReadBack.Matches(1, chunk.Path, chunk.Sha256), Is.True);
        string[] nearMisses =
        [
            $"chunks/{hex}/001", $"chunks/{hex}/00001", $"chunks/{hex.ToUpperInvariant()}/0001", $"chunks/{hex}/0001/",
            $"chunks/{hex}/0003", $"chunks/{hex}/+001", $"blobs/sha256/{hex}", $"blobs/sha256/{hex}/0001", $"chunks/{hex[1..]}/0001",
        ];
        Assert.That(nearMisses.Select(p => result.ReadBack.Matches(1, p, chunk.Sha256)), Is.All.Null);
        Assert.That(result.ReadBack.Matches(2, chunk.Path, chunk.Sha256), Is.Null);
    }

    [Test]
    public async Task Verify_WithReadBack_SignedHashOtherThanTheOneReadBack_HashMismatch()
    {
        // The check after the commit takes payload hashes from the read-back instead of reading the files
        // again; it must still refuse a signed manifest that lists another hash for a file.
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "big.iso", 2_500_000, seed: 15);
        var result = await _scenario.WriteAsync([file], chunkSize: 1_000_000);
        var volume = result.VolumeDirectories.Single();
        var other = new string('a', 64);
        await _scenario.ResignWithSumsAsync(volume, m =>
        {
            m["files"]!.AsArray().Single(f => ((string)f!["path"]!).EndsWith("/0001", StringComparison.Ordinal))!["sha256"] = other;
            m["blobs"]!.AsArray().Single(b => b!["chunks"] is not null)!["chunks"]![1]!["sha256"] = other;
        });

        var verified = await VolumeVerifier.VerifyAsync(volume, _scenario.TrustedKeys,
            _scenario.VerificationOptions() with { ReadBack = result.ReadBack });

        Assert.That(verified.Reason, Is.EqualTo(BatchRejectionReason.HashMismatch), verified.Message);
        Assert.That(verified.Message, Does.Contain("read back"));
    }

    [Test]
    public async Task Verify_WithReadBack_UntouchedVolume_IsValidAndCountsEveryByte()
    {
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "big.iso", 2_500_000, seed: 16);
        var result = await _scenario.WriteAsync([file], chunkSize: 1_000_000);

        var verified = await VolumeVerifier.VerifyAsync(result.VolumeDirectories.Single(), _scenario.TrustedKeys,
            _scenario.VerificationOptions() with { ReadBack = result.ReadBack });

        Assert.That(verified.IsValid, Is.True, verified.Message);
        Assert.That(verified.BytesVerified, Is.EqualTo(result.Manifest.Files.Sum(f => f.Size)));
    }

    [Test]
    public async Task WriteAsync_StoppedBetweenPayloadAndManifest_NoBatchSeenAndRetryWritesGoodOne()
    {
        var files = new List<BatchArtifactInput>();
        for (var i = 0; i < 6; i++)
        {
            files.Add(await SampleArtifacts.AddFileAsync(_scenario.Store, $"f{i}.bin", 200_000, seed: 40 + i));
        }

        var request = new BatchWriteRequest
        {
            BatchId = "site-a-000001",
            SiteId = "site-a",
            Sequence = 1,
            Validity = TimeSpan.FromDays(1),
            Artifacts = files,
            VolumeCapacity = 1L << 30,
        };
        var failing = new FailingBlobSource(_scenario.Store, failAfter: 4);

        Assert.That(
            async () => await new BatchWriter(failing, _scenario.Clock)
                .WriteAsync(request, _scenario.Key, _scenario.MediaDirectory, null, CancellationToken.None),
            Throws.InstanceOf<IOException>());
        var volume = Path.Combine(_scenario.MediaDirectory, BatchFileNames.VolumeName("site-a-000001", 1));
        Assert.That((await _scenario.VerifyAsync(volume)).Reason, Is.EqualTo(BatchRejectionReason.VolumeIncomplete));

        var retry = await new BatchWriter(_scenario.Store, _scenario.Clock)
            .WriteAsync(request, _scenario.Key, _scenario.MediaDirectory, null, CancellationToken.None);
        Assert.That((await _scenario.VerifyAsync(retry.VolumeDirectories[0])).IsValid, Is.True);
    }

    private sealed class FailingBlobSource(IBlobSource inner, int failAfter) : IBlobSource
    {
        private int _opened;

        public Stream OpenRead(string digest) =>
            Interlocked.Increment(ref _opened) > failAfter ? throw new IOException("simulated I/O error: media removed") : inner.OpenRead(digest);
    }

    private static long DirectorySize(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => (new FileInfo(f).Length + 4095) / 4096 * 4096)
        + (Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).Count() * 4096L);

    /// <summary>A blob source whose first read of each blob alters one byte in transit.</summary>
    private sealed class FlipsOneByteOnFirstRead(IBlobSource inner, long position) : IBlobSource
    {
        private readonly HashSet<string> _opened = [];

        public Stream OpenRead(string digest)
        {
            var stream = inner.OpenRead(digest);
            if (!_opened.Add(digest))
            {
                return stream;
            }

            var copy = new MemoryStream();
            using (stream)
            {
                stream.CopyTo(copy);
            }

            var bytes = copy.GetBuffer();
            bytes[position] ^= 0xFF;
            copy.Position = 0;
            return copy;
        }
    }

    // Only a weak reference to the request leaves this method, as in the cut, where the request is made and written in a method of its own.
    private async Task<(BatchWriteResult Result, WeakReference Request)> WriteAsync(BatchArtifactInput file)
    {
        var request = _scenario.Request([file]);
        var result = await new BatchWriter(_scenario.Store, _scenario.Clock)
            .WriteAsync(request, _scenario.Key, _scenario.MediaDirectory, null, CancellationToken.None);
        return (result, new WeakReference(request));
    }
}
