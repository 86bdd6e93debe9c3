using TransferPipeline.Shared.Persistence;
using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Features.Trust;
using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

[OnBothProviders]
public sealed class ImportServiceTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    [Test]
    public async Task Import_ValidVolume_AwaitsApprovalWithBlobsInQuarantine()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.AwaitingApproval), result.Message);
        Assert.That(result.Id, Is.EqualTo("site-a-000001"));
        var manifest = ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest)));
        var store = new Shared.Storage.ContentStore(HighSide.Data.BatchBlobs(result.Id));
        Assert.That(manifest.Blobs.All(b => store.Contains(b.Digest)), Is.True);
        Assert.That(Directory.EnumerateFileSystemEntries(HighSide.Data.Incoming()).Where(e => !e.EndsWith(".lock", StringComparison.Ordinal)), Is.Empty);
    }

    // A killed import can leave a copy, and, if the kill fell between making and unlinking one, a temporary table's file.
    [Test]
    public async Task Import_AfterAKilledImportsLeftovers_DiscardsThemAndLeavesNothingButTheLock()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        var incoming = HighSide.Data.Incoming();
        Directory.CreateDirectory(Path.Combine(incoming, "0123456789abcdef", "blobs"));
        await File.WriteAllTextAsync(Path.Combine(incoming, UnlinkedTempFile.NamePrefix + "0123456789abcdef"), "records");

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.AwaitingApproval), result.Message);
        Assert.That(Directory.EnumerateFileSystemEntries(incoming).Select(Path.GetFileName), Is.EqualTo(new[] { ".import.lock" }));
    }

    [Test]
    public async Task Import_MediaDirectory_ImportsEveryVolume()
    {
        var image = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/app", "1.0", 200_000, seed: 1);
        await Scenario.WriteAsync([image], sequence: 1);

        var outcome = await HighSide.Get<ImportService>().ImportAsync(Scenario.MediaDirectory, CancellationToken.None);

        Assert.That(outcome.Value!.Select(r => r.State), Is.EqualTo(new[] { BatchStates.AwaitingApproval }));
    }

    [Test]
    public async Task Import_SameVolumeTwice_SkippedSayingTheBatchState()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        var first = await HighSide.ImportAsync(volume);

        var again = await HighSide.ImportAsync(volume);

        Assert.That((again.AlreadyImported, again.ReasonCode, again.State),
            Is.EqualTo((true, ImportReasons.VolumeAlreadyImported, BatchStates.AwaitingApproval)));
        Assert.That(again.Message,
            Does.Contain($"volume 1 of batch {first.Id} is already in quarantine; skipped").And.Contain(BatchStates.AwaitingApproval));
        Assert.That(await HighSide.Get<BatchRepository>().ListAsync(CancellationToken.None), Has.Count.EqualTo(1),
            "no refused record for media inserted twice");
        Assert.That(await HighSide.AuditEntriesAsync("import.volume-skipped"), Has.Count.EqualTo(1));
    }

    [TestCase(long.MaxValue)]
    [TestCase(long.MinValue)]
    public async Task Import_SignedManifestClaimingSizesNoDiskHolds_RefusedByVerificationNotTheRoomCheck(long bytes)
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        await Scenario.ResignManifestAsync(volume, m => m["volumes"]![0]!["bytes"] = bytes);

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.Refused), result.Message);
        Assert.That(result.ReasonCode, Is.Not.EqualTo(ImportReasons.InsufficientSpace));
    }

    [Test]
    public async Task Import_SameSequenceCutAgain_RefusedAsReplay()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "a.bin", 1000, seed: 3);
        await HighSide.ImportAsync(await Scenario.WriteVolumeAsync(1, [file]));
        Scenario.Clock.Advance(TimeSpan.FromMinutes(1));

        var again = await HighSide.ImportAsync(await Scenario.WriteVolumeAsync(1, [file], media: "again"));

        Assert.That(again.ReasonCode, Is.EqualTo(ImportReasons.Replay), again.Message);
        Assert.That(again.State, Is.EqualTo(BatchStates.Refused));
    }

    [Test]
    public async Task Import_OlderSequenceAfterNewer_RefusedAsRollback()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "a.bin", 1000, seed: 3);
        var first = await Scenario.WriteAsync([file], sequence: 1, mediaDirectory: Path.Combine(Scenario.Root, "m1"));
        var second = await Scenario.WriteAsync([file], sequence: 2, mediaDirectory: Path.Combine(Scenario.Root, "m2"));
        await HighSide.ImportAsync(second.VolumeDirectories[0]);

        var old = await HighSide.ImportAsync(first.VolumeDirectories[0]);

        Assert.That(old.ReasonCode, Is.EqualTo(ImportReasons.Rollback), old.Message);
    }

    [Test]
    public async Task Import_KeyTrustedForAnotherSite_Refused()
    {
        using var other = new BatchScenario("site-b");
        await HighSide.TrustAsync(other.Key.PublicKey, "site-c");
        var volume = await other.WriteSimpleVolumeAsync();

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo("key-not-trusted-for-site"), result.Message);
    }

    [Test]
    public async Task Import_RevokedKey_Refused()
    {
        await HighSide.Get<TrustService>().RevokeAsync(Scenario.Key.PublicKey.KeyIdHex, "test", CancellationToken.None);
        var volume = await Scenario.WriteSimpleVolumeAsync();

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo("key-revoked"), result.Message);
    }

    [Test]
    public async Task Import_UnknownKey_Refused()
    {
        using var stranger = new BatchScenario("site-a");
        var volume = await stranger.WriteSimpleVolumeAsync();

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo("untrusted-key"), result.Message);
    }

    [Test]
    public async Task Import_ExpiredBatch_Refused()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        Scenario.Clock.Advance(TimeSpan.FromDays(15));

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo("expired"), result.Message);
    }

    [Test]
    public async Task Import_ClockSetBackAfterExpiry_StillRefusedAsExpired()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "a.bin", 1000, seed: 3);
        var old = await Scenario.WriteVolumeAsync(1, [file]);
        var start = Scenario.Clock.GetUtcNow();
        Scenario.Clock.Advance(TimeSpan.FromDays(20));
        var newer = await Scenario.WriteVolumeAsync(2, [file]);
        Assert.That((await HighSide.ImportAsync(newer)).State, Is.EqualTo(BatchStates.AwaitingApproval));
        Scenario.Clock.UtcNow = start + TimeSpan.FromDays(1);

        var result = await HighSide.ImportAsync(old);

        Assert.That(result.ReasonCode, Is.EqualTo("expired"), "the newest time seen (day 20) still counts after the clock went back: " + result.Message);
    }

    [TestCase(23, null, TestName = "Import_CreatedWithinClockSkew_AcceptedAndItsTimeSeen")]
    [TestCase(25, ImportReasons.CreatedInFuture, TestName = "Import_CreatedBeyondClockSkew_RefusedCreatedInFutureAndNoTimeSeen")]
    public async Task Import_CreatedAheadOfTheClock_AcceptedOnlyWithinTheSkew(int hoursAhead, string? expected)
    {
        var start = Scenario.Clock.GetUtcNow();
        Scenario.Clock.Advance(TimeSpan.FromHours(hoursAhead));
        var volume = await Scenario.WriteSimpleVolumeAsync();
        Scenario.Clock.UtcNow = start;

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo(expected), result.Message);
        Assert.That(await NewestSeenAsync(HighSide), Is.EqualTo(expected is null ? start + TimeSpan.FromHours(hoursAhead) : null));
    }

    [Test]
    public async Task Import_RefusedByPolicyAfterVerifying_DoesNotMoveNewestTimeSeen()
    {
        await using var strict = await HighSideHarness.CreateAsync(Scenario.Clock, json => json["Policy"]!["AllowedKinds"] = new JsonArray("image"));
        await strict.TrustAsync(Scenario.Key.PublicKey, "site-a");
        var volume = await Scenario.WriteSimpleVolumeAsync();
        Scenario.Clock.Advance(TimeSpan.FromHours(1));

        var result = await strict.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo(ImportReasons.KindNotAllowed), result.Message);
        Assert.That(await NewestSeenAsync(strict), Is.Null, "neither the refused batch's time nor the clock counts as seen");
    }

    [Test]
    public async Task Import_ReplayCreatedLaterRefused_DoesNotMoveNewestTimeSeen()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "a.bin", 1000, seed: 3);
        var first = await Scenario.WriteVolumeAsync(1, [file]);
        var created = Scenario.Clock.GetUtcNow();
        Assert.That((await HighSide.ImportAsync(first)).State, Is.EqualTo(BatchStates.AwaitingApproval));
        Scenario.Clock.Advance(TimeSpan.FromDays(5));
        var replay = await Scenario.WriteVolumeAsync(1, [file], media: "replay");

        var result = await HighSide.ImportAsync(replay);

        Assert.That(result.ReasonCode, Is.EqualTo(ImportReasons.Replay), result.Message);
        Assert.That(await NewestSeenAsync(HighSide), Is.EqualTo(created), "only the accepted batch's creation counts");
    }

    [Test]
    public async Task Import_TamperedPayload_RefusedAndKeptInQuarantine()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        await BatchScenario.CorruptLargestBlobAsync(volume);

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo("hash-mismatch"), result.Message);
        Assert.That(Directory.Exists(HighSide.Data.BatchVolumes(result.Id)), Is.True, "the refused copy stays in quarantine for forensics");
        var stored = await HighSide.Get<BatchRepository>().FindAsync(result.Id, CancellationToken.None);
        Assert.That(stored!.State, Is.EqualTo(BatchStates.Refused));
        Assert.That(stored.ReasonCode, Is.EqualTo("hash-mismatch"));
    }

    [Test]
    public async Task Import_AfterRefusedCopy_GoodCopyOfSameSequenceIsAccepted()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        var good = Path.Combine(Scenario.Root, "good-copy");
        DirectoryCopy.Recursive(volume, good);
        await File.AppendAllTextAsync(Path.Combine(volume, "index.json"), " ");
        Assert.That((await HighSide.ImportAsync(volume)).State, Is.EqualTo(BatchStates.Refused));

        var result = await HighSide.ImportAsync(good);

        Assert.That(result.State, Is.EqualTo(BatchStates.AwaitingApproval), result.Message);
    }

    [TestCase("Kinds", ImportReasons.KindNotAllowed)]
    [TestCase("Sources", ImportReasons.SourceNotAllowed)]
    public async Task Import_NotAllowedByPolicy_Refused(string rule, string expected)
    {
        await using var strict = await HighSideHarness.CreateAsync(Scenario.Clock, json =>
        {
            var policy = json["Policy"]!.AsObject();
            if (rule == "Kinds")
            {
                policy["AllowedKinds"] = new JsonArray("image");
            }
            else
            {
                policy["AllowedSources"] = new JsonArray("127.0.0.1:5000/library/");
            }
        });
        await strict.TrustAsync(Scenario.Key.PublicKey, "site-a");
        var volume = await Scenario.WriteSimpleVolumeAsync();

        var result = await strict.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo(expected), result.Message);
    }

    [Test]
    public async Task Import_BatchOverQuota_Refused()
    {
        await using var small = await HighSideHarness.CreateAsync(Scenario.Clock, json => json["Policy"]!["MaxBatchBytes"] = 100_000);
        await small.TrustAsync(Scenario.Key.PublicKey, "site-a");
        var volume = await Scenario.WriteSimpleVolumeAsync();

        var result = await small.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo(ImportReasons.QuotaExceeded), result.Message);
        Assert.That(Directory.EnumerateDirectories(small.Data.Incoming()), Is.Empty);
    }

    [Test]
    public async Task Import_SymlinkOnMedia_Refused()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        File.CreateSymbolicLink(Path.Combine(volume, "evil"), "/etc/passwd");

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo("unsafe-file-type"), result.Message);
    }

    [Test]
    public async Task Import_VolumeDirectoryOnMediaIsSymlink_RefusedWithoutFollowingIt()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        var media = Path.Combine(Scenario.Root, "media-with-link");
        Directory.CreateDirectory(media);
        Directory.CreateSymbolicLink(Path.Combine(media, Path.GetFileName(volume)), volume);

        var result = await HighSide.ImportAsync(media);

        Assert.That(result.ReasonCode, Is.EqualTo("unsafe-file-type"), result.Message);
    }

    [Test]
    public async Task Import_HardLinkOnMedia_Refused()
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        var target = Directory.EnumerateFiles(Path.Combine(volume, "blobs", "sha256")).First();
        var result0 = await ProcessRunner.RunAsync("ln", [target, Path.Combine(Scenario.Root, "outside-link")]);
        Assert.That(result0.ExitCode, Is.Zero, result0.Combined);

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo("hard-link"), result.Message);
    }

    [Test]
    public async Task Import_CancelledMidCopy_LeavesNoTemporaryFilesAndLaterInsertWorks()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "big.bin", 64L * 1024 * 1024, seed: 9);
        var written = await Scenario.WriteAsync([file]);
        using var cancel = new CancellationTokenSource();
        // Cancelled once the copy is seen under way, not after a fixed time: the import of 64 MiB can finish in 30 ms.
        // On a thread of its own: the import keeps the pool's few threads busy, and a pooled watcher could start too late.
        var copying = Task.Factory.StartNew(() => CancelOnceAFileGrowsIn(HighSide.Data.Incoming(), 4L * 1024 * 1024, cancel),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Assert.CatchAsync<OperationCanceledException>(() => HighSide.Get<ImportService>().ImportAsync(written.VolumeDirectories[0], cancel.Token));
        Assert.That(await copying, Is.True, "the copy was seen under way");

        Assert.That(Directory.EnumerateDirectories(HighSide.Data.Incoming()), Is.Empty);
        Assert.That(await HighSide.Get<BatchRepository>().ListAsync(CancellationToken.None), Is.Empty);
        var retry = await HighSide.ImportAsync(written.VolumeDirectories[0]);
        Assert.That(retry.State, Is.EqualTo(BatchStates.AwaitingApproval), retry.Message);
    }

    [Test]
    public async Task Import_MultiVolumeInReverseOrder_WaitsNamingMissingThenAssemblesChunkedBlobs()
    {
        var image = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/big", "2.0", 900_000, seed: 4);
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "data.bin", 700_000, seed: 5);
        var written = await Scenario.WriteAsync([image, file], capacity: 600_000, chunkSize: 256 * 1024);
        Assert.That(written.VolumeDirectories, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(written.Manifest.Blobs.Any(b => b.Chunks is { Count: > 1 } chunks && chunks.Select(c => c.Volume).Distinct().Count() > 1), Is.True,
            "a blob is split across volumes");

        var results = new List<ImportResult>();
        foreach (var volume in written.VolumeDirectories.Reverse())
        {
            results.Add(await HighSide.ImportAsync(volume));
        }

        Assert.That(results[0].State, Is.EqualTo(BatchStates.Assembling));
        Assert.That(results[0].Message, Does.Contain("v001"), "names the missing volumes");
        Assert.That(results[^1].State, Is.EqualTo(BatchStates.AwaitingApproval), results[^1].Message);
        var store = new Shared.Storage.ContentStore(HighSide.Data.BatchBlobs(results[^1].Id));
        Assert.That(written.Manifest.Blobs.All(b => store.Contains(b.Digest)), Is.True);
    }

    [Test]
    public async Task Import_IncrementalWithUnpublishedReferencedBlobs_WaitsNamingTheBlobs()
    {
        var image = await SampleArtifacts.AddImageAsync(Scenario.Store, "library/app", "1.0", 100_000, seed: 6);
        var layer = image.Blobs[^1].Digest;
        var written = await Scenario.WriteAsync([image], present: new HashSet<string> { layer });

        var result = await HighSide.ImportAsync(written.VolumeDirectories[0]);

        Assert.That(result.State, Is.EqualTo(BatchStates.WaitingForBlobs), result.Message);
        Assert.That(result.Message, Does.Contain(layer));
    }

    [Test]
    public async Task Import_AbsurdSequenceNumber_RefusedAndLaterBatchesStillImport()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "a.bin", 1000, seed: 3);
        var hostile = await Scenario.WriteAsync([file], sequence: 1, mediaDirectory: Path.Combine(Scenario.Root, "m1"));
        await Scenario.ResignManifestAsync(hostile.VolumeDirectories[0], json => json["sequence"] = long.MaxValue / 2);
        var next = await Scenario.WriteAsync([file], sequence: 2, mediaDirectory: Path.Combine(Scenario.Root, "m2"));

        var refused = await HighSide.ImportAsync(hostile.VolumeDirectories[0]);
        var accepted = await HighSide.ImportAsync(next.VolumeDirectories[0]);

        Assert.That(refused.State, Is.EqualTo(BatchStates.Refused));
        Assert.That(refused.ReasonCode, Is.AnyOf("manifest-invalid", "limit-exceeded"), refused.Message);
        Assert.That(accepted.State, Is.EqualTo(BatchStates.AwaitingApproval), accepted.Message);
    }

    [Test]
    public async Task Publish_MediaChangedAfterImport_PublishesTheVerifiedQuarantineCopy()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "tool.bin", 100_000, seed: 8);
        var volume = (await Scenario.WriteAsync([file])).VolumeDirectories[0];
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, volume);
        var onMedia = Path.Combine(volume, "blobs", "sha256", BatchFileNames.DigestHex(file.Digest));
        await File.WriteAllBytesAsync(onMedia, new byte[100_000]);

        await PublishedBatchFlow.PublishAsync(HighSide, id);

        var published = await Shared.Hashing.Sha256Digest.ComputeFileAsync(Path.Combine(HighSide.FilesMirror, "tool.bin"), CancellationToken.None);
        Assert.That("sha256:" + published.Sha256, Is.EqualTo(file.Digest));
    }

    [Test]
    public async Task Publish_MirrorWriteFails_FailsLoudlyThenResumesOnceFixed()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "tool.bin", 10_000, seed: 8);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, (await Scenario.WriteAsync([file])).VolumeDirectories[0]);
        await File.WriteAllTextAsync(HighSide.FilesMirror, "not a directory: every write into the mirror fails");

        var failed = await HighSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        Assert.That(failed.Error?.Code, Is.EqualTo(PublishReasons.MirrorFailed));
        Assert.That((await HighSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))!.State, Is.EqualTo(BatchStates.Publishing));
        File.Delete(HighSide.FilesMirror);
        var retried = await PublishedBatchFlow.PublishAsync(HighSide, id);
        Assert.That(retried.State, Is.EqualTo(BatchStates.Published));
    }

    private static Task<DateTimeOffset?> NewestSeenAsync(HighSideHarness highSide) =>
        highSide.Get<SettingsRepository>().GetTimeAsync(SettingsRepository.NewestSeenUtc, CancellationToken.None);

    // Polls (without sleeping: the copy is fast) until some file below the directory holds at least the given bytes.
    private static bool CancelOnceAFileGrowsIn(string directory, long bytes, CancellationTokenSource cancel)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (Directory.Exists(directory)
                    && new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Any(f => f.Length >= bytes))
                {
                    cancel.Cancel();
                    return true;
                }
            }
            catch (IOException)
            {
                // A directory or file went away while being listed: look again.
            }
        }

        cancel.Cancel();
        return false;
    }
}
