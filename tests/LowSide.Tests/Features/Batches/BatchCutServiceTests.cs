using System.Security.Cryptography;
using Dapper;
using TransferPipeline.Hosting.Outcomes;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Progress;

using TransferPipeline.LowSide.Features.Receipts;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Trust;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Batches;

public sealed class BatchCutServiceTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private async Task<TestSite> SiteAsync(string volumeSize = "64MiB", string chunkSize = "1GiB")
    {
        var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host, SharedServers.Files.Prefix + "files/");
        site.Configure(json =>
        {
            json["Batches"]!["VolumeSize"] = volumeSize;
            json["Batches"]!["ChunkSize"] = chunkSize;
        });
        return site;
    }

    private static async Task<Outcome<BatchRecord>> CutAsync(TestSite site, string? media = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await (await site.GetAsync<BatchCutService>()).CutAsync(media ?? site.Media, null, timeout.Token);
    }

    private static async Task<BatchVerificationResult> VerifyAsync(TestSite site, string volume)
    {
        var key = (await site.GetAsync<SiteKey>()).LoadPublicKey();
        return await VolumeVerifier.VerifyAsync(volume, [new TrustedSigningKey(key, site.SiteId)],
            new BatchVerificationOptions { Now = DateTimeOffset.UtcNow, Parallelism = 2 });
    }

    private static async Task SetBackToCuttingAsync(TestSite site, string batchId)
    {
        await using var connection = await (await site.GetAsync<Database>()).OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("UPDATE batches SET status = 'cutting' WHERE id = @Id", new { Id = batchId });
        await connection.ExecuteAsync("UPDATE requests SET status = 'gathered' WHERE status = 'shipped'");
    }

    [Test]
    public async Task Cut_GatheredImageAndFile_WritesVerifiedBatchAndShipsTheRequests()
    {
        await using var site = await SiteAsync();
        var content = RandomNumberGenerator.GetBytes(100_000);
        var image = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));
        var file = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(SharedServers.Files.Write("files/cut-1.bin", content)));

        var outcome = await CutAsync(site);

        Assert.That(outcome.IsOk, Is.True, outcome.Error?.Message);
        var batch = outcome.Value!;
        Assert.That(batch.Id, Is.EqualTo("site-a-000001"));
        Assert.That(batch.Status, Is.EqualTo(BatchStatus.Shipped));
        Assert.That(batch.RequestIds, Is.EquivalentTo(new[] { image.Id, file.Id }));
        var volume = Path.Combine(site.Media, "site-a-000001-v001");
        var verified = await VerifyAsync(site, volume);
        Assert.That(verified.IsValid, Is.True, verified.Message);
        Assert.That(verified.ManifestSha256, Is.EqualTo(batch.ManifestSha256));
        var requests = await (await site.GetAsync<RequestQueries>()).ListAsync(TestCallers.Operator, CancellationToken.None);
        Assert.That(requests.Select(r => r.Status), Is.All.EqualTo(RequestStatus.Shipped));
        var listed = await (await site.GetAsync<BatchQueries>()).ListAsync(CancellationToken.None);
        Assert.That(listed.Single().RequestIds, Is.EquivalentTo(new[] { image.Id, file.Id }), "batch list names each batch's requests");
    }

    [Test]
    public async Task Cut_ProgressOfWritingAndVerifying_EndsAtItsTotalAndNeverPassesIt()
    {
        await using var site = await SiteAsync();
        var url = SharedServers.Files.Write("files/progress.bin", RandomNumberGenerator.GetBytes(2_900));
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url));
        var snapshots = new List<TransferSnapshot>();
        var services = await site.ServicesAsync(s => s.AddSingleton<IProgressFactory>(new RecordingProgressFactory(snapshots)));

        var outcome = await services.GetRequiredService<BatchCutService>().CutAsync(site.Media, null, CancellationToken.None);

        Assert.That(outcome.IsOk, Is.True, outcome.Error?.Message);
        var finals = snapshots.Where(s => s.Final).ToList();
        Assert.That(finals.Select(s => s.Label.Split(' ')[0]), Is.EquivalentTo(new[] { "write", "verify" }));
        Assert.That(finals, Has.All.Matches<TransferSnapshot>(s => s.Bytes == s.TotalBytes && s.TotalBytes > 0), string.Join("; ", finals));
        Assert.That(snapshots, Has.All.Matches<TransferSnapshot>(s => s.Bytes <= s.TotalBytes), string.Join("; ", snapshots));
    }

    private sealed class RecordingProgressFactory(List<TransferSnapshot> snapshots) : IProgressFactory
    {
        public TransferProgress Create(string label) => new(label, s =>
        {
            lock (snapshots)
            {
                snapshots.Add(s);
            }
        }, TimeProvider.System);
    }

    [Test]
    public async Task Cut_MoreBlobsThanOneBatchTakes_OldestFirstAndTheRestInTheNextBatch()
    {
        await using var site = await SiteAsync();
        site.Configure(json => json["Batches"]!["MaxBlobsPerBatch"] = 2);
        var files = new List<ArtifactRequest>();
        for (var i = 0; i < 3; i++)
        {
            var url = SharedServers.Files.Write($"files/budget-{i}.bin", RandomNumberGenerator.GetBytes(10_000));
            files.Add(await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url)));
        }

        var first = await CutAsync(site);
        var waiting = await (await site.GetAsync<BatchRepository>()).CountWaitingAsync(CancellationToken.None);
        var second = await CutAsync(site);
        var third = await CutAsync(site);

        Assert.That(first.Value?.RequestIds, Is.EquivalentTo(new[] { files[0].Id, files[1].Id }), first.Error?.Message);
        Assert.That(waiting, Is.EqualTo(1));
        Assert.That(second.Value?.RequestIds, Is.EquivalentTo(new[] { files[2].Id }), second.Error?.Message);
        Assert.That(second.Value!.Sequence, Is.EqualTo(first.Value!.Sequence + 1));
        Assert.That(third.Error?.Code, Is.EqualTo(LowSideReasons.NothingToShip));
        foreach (var batch in new[] { first.Value, second.Value })
        {
            var verified = await VerifyAsync(site, Path.Combine(site.Media, batch.Id + "-v001"));
            Assert.That(verified.IsValid, Is.True, verified.Message);
        }
    }

    [Test]
    public async Task Cut_MoreArtifactsThanOneBatchTakes_OldestFirstAndTheRestInTheNextBatch()
    {
        // Three single-blob requests are three artifacts: within the blob budget, beyond the artifact budget of two.
        await using var site = await SiteAsync();
        site.Configure(json => json["Batches"]!["MaxArtifactsPerBatch"] = 2);
        var files = new List<ArtifactRequest>();
        for (var i = 0; i < 3; i++)
        {
            var url = SharedServers.Files.Write($"files/artifact-budget-{i}.bin", RandomNumberGenerator.GetBytes(1000));
            files.Add(await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url)));
        }

        var first = await CutAsync(site);
        var second = await CutAsync(site);

        Assert.That(first.Value?.RequestIds, Is.EquivalentTo(new[] { files[0].Id, files[1].Id }), first.Error?.Message);
        Assert.That(second.Value?.RequestIds, Is.EquivalentTo(new[] { files[2].Id }), second.Error?.Message);
        var verified = await VerifyAsync(site, Path.Combine(site.Media, first.Value!.Id + "-v001"));
        Assert.That(verified.Manifest?.Artifacts, Has.Count.EqualTo(2), verified.Message);
    }

    [Test]
    public async Task Start_PlanEstimatePastTheBudget_OldestFirstAndTheRestWait()
    {
        // Each file's plan line is estimated as its kind and source (whose last segment is its name) plus the allowance.
        await using var site = await SiteAsync();
        var files = new List<ArtifactRequest>();
        foreach (var length in new[] { 10, 200, 30 })
        {
            var url = SharedServers.Files.Write($"files/plan-{new string('p', length)}.bin", RandomNumberGenerator.GetBytes(100));
            files.Add(await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url)));
        }

        var estimates = files.Select(f => System.Text.Encoding.UTF8.GetByteCount(f.Kind + f.Source) + CutBudget.PlanLineAllowance).ToList();
        var (batch, _) = await (await site.GetAsync<BatchRepository>()).StartAsync(
            site.SiteId, site.Media, 64 << 20, new CutBudget(50_000, 2_000, estimates.Sum() - 1), CancellationToken.None);

        Assert.That(batch?.RequestIds, Is.EquivalentTo(new[] { files[0].Id, files[1].Id }), "one byte short of all three");
    }

    [Test]
    public async Task Start_AnImagesAttachmentsCountInItsPlanEstimate_TheFileAfterItWaits()
    {
        // Every gathered image carries at least the low side's own SBOM as an attachment.
        await using var site = await SiteAsync();
        var image = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));
        var file = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(SharedServers.Files.Write("files/after-image.bin", [4, 5, 6])));
        var attachments = await (await site.GetAsync<RequestRepository>()).GetAttachmentsAsync(image.Id, CancellationToken.None);
        Assert.That(attachments, Is.Not.Empty);

        static long Bytes(string? text) => System.Text.Encoding.UTF8.GetByteCount(text ?? "");
        var imageEstimate = Bytes(image.Kind) + Bytes(image.Source) + (2 * Bytes(image.Name)) + (2 * Bytes(image.Version)) + CutBudget.PlanLineAllowance
            + attachments.Sum(a => Bytes(a.Kind) + Bytes(a.Tag ?? a.Digest) + 2);
        var fileEstimate = Bytes(file.Kind) + Bytes(file.Source) + CutBudget.PlanLineAllowance;
        var (batch, _) = await (await site.GetAsync<BatchRepository>()).StartAsync(
            site.SiteId, site.Media, 64 << 20, new CutBudget(50_000, 2_000, imageEstimate + fileEstimate - 1), CancellationToken.None);

        Assert.That(batch?.RequestIds, Is.EqualTo(new[] { image.Id }), "one byte short of both");
    }

    [Test]
    public async Task Cut_OneRequestAboveTheBlobBudget_ShipsAloneRatherThanNever()
    {
        await using var site = await SiteAsync();
        site.Configure(json => json["Batches"]!["MaxBlobsPerBatch"] = 1);
        var image = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));
        var fileUrl = SharedServers.Files.Write("files/budget-alone.bin", RandomNumberGenerator.GetBytes(1000));
        var file = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(fileUrl));

        var first = await CutAsync(site);
        var second = await CutAsync(site);

        Assert.That(first.Value?.RequestIds, Is.EqualTo(new[] { image.Id }), first.Error?.Message);
        Assert.That(second.Value?.RequestIds, Is.EqualTo(new[] { file.Id }), second.Error?.Message);
    }

    [Test]
    public async Task Cut_AgainWithNothingNew_SaysNothingToShipAndWritesNothing()
    {
        await using var site = await SiteAsync();
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));
        await CutAsync(site);

        var again = await CutAsync(site);

        Assert.That(again.Error?.Code, Is.EqualTo(LowSideReasons.NothingToShip));
        Assert.That(Directory.GetDirectories(site.Media), Has.Length.EqualTo(1));
        Assert.That(await (await site.GetAsync<BatchQueries>()).ListAsync(CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Cut_NothingGathered_WritesNothing()
    {
        await using var site = await SiteAsync();
        await TestRequests.SubmitAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));

        var outcome = await CutAsync(site);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.NothingToShip));
        Assert.That(Directory.Exists(site.Media), Is.False);
    }

    [Test]
    public async Task Cut_SmallVolumes_SpreadsOverSeveralVolumesEachVerified()
    {
        await using var site = await SiteAsync(volumeSize: "1MiB", chunkSize: "256KiB");
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));

        var outcome = await CutAsync(site);

        Assert.That(outcome.IsOk, Is.True, outcome.Error?.Message);
        Assert.That(outcome.Value!.VolumeCount, Is.GreaterThanOrEqualTo(3));
        foreach (var volume in Directory.GetDirectories(site.Media))
        {
            var verified = await VerifyAsync(site, volume);
            Assert.That(verified.IsValid, Is.True, verified.Message);
        }
    }

    [Test]
    public async Task Cut_AfterReceipt_SharedBaseLayerIsNotShippedAgain()
    {
        await using var site = await SiteAsync();
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));
        var first = (await CutAsync(site)).Value!;
        using var high = new HighSideReceipts(Path.Combine(site.Root, "high"));
        await (await site.GetAsync<TrustStore>()).AddAsync(high.PublicKeyFile, CancellationToken.None);
        var receipt = high.Write("receipt.json", SharedServers.AppV1.Blobs.Select(b => b.Digest.Value).Append(SharedServers.AppV1.ManifestDigest.Value),
            new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var imported = await (await site.GetAsync<ReceiptImportService>()).ImportAsync(receipt, CancellationToken.None);
        Assert.That(imported.IsOk, Is.True, imported.Error?.Message);
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV2.Reference.ToString()));

        var second = await CutAsync(site);

        Assert.That(second.IsOk, Is.True, second.Error?.Message);
        Assert.That(second.Value!.Sequence, Is.EqualTo(2));
        Assert.That(second.Value.PayloadBytes, Is.LessThan(first.PayloadBytes! - SharedServers.BigBase.Size));
        var verified = await VerifyAsync(site, Path.Combine(site.Media, "site-a-000002-v001"));
        Assert.That(verified.IsValid, Is.True, verified.Message);
        var baseLayer = SharedServers.AppV2.Layers[0].Digest.Value;
        Assert.That(verified.Manifest!.Blobs.Single(b => b.Digest == baseLayer).Shipped, Is.False);
        Assert.That(verified.Manifest.Blobs.Single(b => b.Digest == SharedServers.AppV2.Layers[1].Digest.Value).Shipped, Is.True);
    }

    [Test]
    public async Task BlobsPresentOnHighSide_ReceiptOfThisAndOtherBlobs_OnlyThisBatchsAreLoaded()
    {
        await using var site = await SiteAsync();
        var file = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(SharedServers.Files.Write("files/present-1.bin", [1, 2, 3])));
        var blob = (await (await site.GetAsync<RequestRepository>()).GetBlobsAsync(file.Id, CancellationToken.None)).Single().Digest;
        using var high = new HighSideReceipts(Path.Combine(site.Root, "high"));
        await (await site.GetAsync<TrustStore>()).AddAsync(high.PublicKeyFile, CancellationToken.None);
        var other = "sha256:" + new string('c', 64);
        var receipt = high.Write("receipt.json", [other, blob], new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        Assert.That((await (await site.GetAsync<ReceiptImportService>()).ImportAsync(receipt, CancellationToken.None)).IsOk, Is.True);
        var batches = await site.GetAsync<BatchRepository>();
        var (batch, _) = await batches.StartAsync(site.SiteId, site.Media, 64 << 20, new CutBudget(50_000, 2_000), CancellationToken.None);

        var present = await batches.BlobsPresentOnHighSideAsync(batch!.Id, CancellationToken.None);

        Assert.That(present, Is.EquivalentTo(new[] { blob }), "a blob received in another batch is not this batch's to load");
    }

    [Test]
    public async Task Cut_CrashedBeforeCommit_RewrittenWithTheSameSequence()
    {
        await using var site = await SiteAsync();
        var image = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));
        var (started, _) = await (await site.GetAsync<BatchRepository>()).StartAsync(
            site.SiteId, site.Media, 64 << 20, new CutBudget(50_000, 2_000), CancellationToken.None);
        var leftover = Path.Combine(site.Media, "site-a-000001-v001", "blobs", "sha256");
        Directory.CreateDirectory(leftover);
        await File.WriteAllTextAsync(Path.Combine(leftover, "half-written.tp-partial"), "x");

        var outcome = await CutAsync(site);

        Assert.That(started!.Id, Is.EqualTo("site-a-000001"));
        Assert.That(outcome.IsOk, Is.True, outcome.Error?.Message);
        Assert.That(outcome.Value!.Id, Is.EqualTo("site-a-000001"));
        Assert.That(outcome.Value.RequestIds, Is.EqualTo(new[] { image.Id }));
        Assert.That((await VerifyAsync(site, Path.Combine(site.Media, "site-a-000001-v001"))).IsValid, Is.True);
    }

    [Test]
    public async Task Cut_CrashedBetweenSignatures_CompletedAndShippedOnce()
    {
        await using var site = await SiteAsync(volumeSize: "1MiB", chunkSize: "256KiB");
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));
        var first = (await CutAsync(site)).Value!;
        await SetBackToCuttingAsync(site, first.Id);
        var last = Directory.GetDirectories(site.Media).Order(StringComparer.Ordinal).Last();
        File.Delete(Path.Combine(last, BatchFileNames.Signature));

        var outcome = await CutAsync(site);

        Assert.That(outcome.IsOk, Is.True, outcome.Error?.Message);
        Assert.That(outcome.Value!.Id, Is.EqualTo(first.Id));
        Assert.That(outcome.Value.Status, Is.EqualTo(BatchStatus.Shipped));
        Assert.That((await VerifyAsync(site, last)).IsValid, Is.True);
        Assert.That(await (await site.GetAsync<BatchQueries>()).ListAsync(CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Cut_CrashedWithACommittedVolumeThatDoesNotVerify_ReportsClearlyAndWritesNothing()
    {
        await using var site = await SiteAsync();
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));
        var first = (await CutAsync(site)).Value!;
        await SetBackToCuttingAsync(site, first.Id);
        var volume = Path.Combine(site.Media, "site-a-000001-v001");
        var blob = Directory.GetFiles(Path.Combine(volume, "blobs", "sha256")).First();
        await File.AppendAllTextAsync(blob, "tampered");

        var outcome = await CutAsync(site);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.Conflict));
        Assert.That(outcome.Error!.Message, Does.Contain("site-a-000001").And.Contain("Move its volume directories away"));
        Assert.That((await (await site.GetAsync<BatchQueries>()).GetAsync(first.Id, CancellationToken.None)).Value!.Status, Is.EqualTo(BatchStatus.Cutting));
    }

    [Test]
    public async Task Cut_MediaTooSmall_RefusedBeforeWritingWithNeededAndAvailable()
    {
        await using var site = await SiteAsync();
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));
        var small = Path.Combine(site.Root, "small-media");
        Directory.CreateDirectory(small);
        var mount = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", small]);
        if (mount.ExitCode != 0)
        {
            Assert.Ignore("cannot mount a small tmpfs here: " + mount.Combined);
        }

        try
        {
            var outcome = await CutAsync(site, small);

            Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.InsufficientSpace));
            Assert.That(outcome.Error!.Message, Does.Contain("free but the batch needs"));
            Assert.That(Directory.EnumerateFileSystemEntries(small), Is.Empty);
            Assert.That(await (await site.GetAsync<BatchQueries>()).ListAsync(CancellationToken.None), Is.Empty);
        }
        finally
        {
            await ProcessRunner.RunAsync("umount", [small]);
        }
    }

    [Test]
    public async Task Cancel_RequestInABatchBeingCut_Refused()
    {
        await using var site = await SiteAsync();
        var image = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));
        await (await site.GetAsync<BatchRepository>()).StartAsync(site.SiteId, site.Media, 64 << 20, new CutBudget(50_000, 2_000), CancellationToken.None);

        var outcome = await (await site.GetAsync<RequestService>()).CancelAsync(image.Id, TestCallers.Operator, CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.Conflict));
        Assert.That(outcome.Error!.Message, Does.Contain("site-a-000001"));
    }

    [Test]
    public async Task Cancel_WhileACutIsTakingTheRequest_RefusedBeingCutAndNeverCancelledInsideTheBatch()
    {
        await using var site = await SiteAsync();
        var file = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(SharedServers.Files.Write("files/raced.bin", [1, 2, 3])));
        await using var cut = await CutInProgress.TakeAsync(site, file.Id);
        var requests = await site.GetAsync<RequestService>();

        var outcome = await cut.CommitWhileAsync(() => requests.CancelAsync(file.Id, TestCallers.Requester("bob"), CancellationToken.None));

        Assert.That(outcome.Error?.Code, Is.EqualTo(LowSideReasons.Conflict), "the cut came first");
        Assert.That(outcome.Error!.Message, Does.Contain(CutInProgress.BatchId));
        var request = await (await site.GetAsync<RequestRepository>()).GetAsync(file.Id, CancellationToken.None);
        Assert.That(request!.Status, Is.EqualTo(RequestStatus.Gathered), "a request the batch holds is not cancelled");
    }

    [Test]
    public async Task Cut_EncryptedKeyWithoutPassword_RefusedAndNothingRecorded_ThenCutWithKeyPasswordFile()
    {
        await using var site = await SiteAsync();
        File.Delete(site.Data.SiteKeyPrefix + ".key");
        File.Delete(site.Data.SiteKeyPrefix + ".pub");
        TransferPipeline.Shared.Minisign.KeyPairFiles.WriteNew(
            site.Data.SiteKeyPrefix,
            "batch password",
            TransferPipeline.Shared.Minisign.MinisignKdfLimits.Interactive);
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image(SharedServers.AppV1.Reference.ToString()));

        var refused = await CutAsync(site);
        var mediaAfterRefusal = Directory.Exists(site.Media);
        var batchesAfterRefusal = await (await site.GetAsync<BatchQueries>()).ListAsync(CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(site.Data.Root, "key-password"), "batch password\n");
        site.Configure(json => json["Site"]!["KeyPasswordFile"] = "key-password");
        var cut = await CutAsync(site);

        Assert.That(refused.Error?.Code, Is.EqualTo(LowSideReasons.KeyUnavailable), refused.Error?.Message);
        Assert.That(mediaAfterRefusal, Is.False);
        Assert.That(batchesAfterRefusal, Is.Empty);
        Assert.That(cut.IsOk, Is.True, cut.Error?.Message);
        Assert.That(cut.Value!.Id, Is.EqualTo("site-a-000001"));
    }
}
