using System.Formats.Tar;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.HighSide.Kinds.ScannerData;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.ClamAv;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Kinds;

/// <summary>
/// Scanner data end to end on a real high side: imported, gated, approved by two officers, published by installing it in
/// the data directory, proven usable with the real clamscan or the OSV reader, activated, and then scanned with.
/// </summary>
public sealed class ScannerDataPublisherTests
{
    private BatchScenario _scenario = null!;
    private HighSideHarness _highSide = null!;

    [SetUp]
    public void SetUp() => _scenario = new BatchScenario();

    [TearDown]
    public async Task TearDownAsync()
    {
        if (_highSide is not null)
        {
            await _highSide.DisposeAsync();
        }

        _scenario.Dispose();
    }

    [Test]
    public async Task Publish_ClamAvDatabaseOnAFreshHighSide_PassesTheScanGateThenIsActivatedAndScansTheNextBatch()
    {
        await StartAsync(scanningEnabled: true);
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, ScannerDataFiles.ClamAv, "tp-test.tar.gz", ScannerDataPackages.ClamAvTarGz());

        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(1, [data]));
        var published = await PublishedBatchFlow.PublishAsync(_highSide, batchId);

        Assert.That(published.State, Is.EqualTo(BatchStates.Published));
        var skipped = (await _highSide.AuditEntriesAsync("scan.skipped")).Single();
        Assert.That(skipped.DetailsJson, Does.Contain("no ClamAV database is in force"));
        var directory = _highSide.Data.Combine("scanner-data", "clamav", BatchFileNames.DigestHex(data.Digest));
        Assert.That(await _highSide.Get<ActiveScannerData>().ClamAvDatabaseAsync(CancellationToken.None), Is.EqualTo(directory));
        Assert.That(Directory.EnumerateFiles(directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "tp-test.hsb", "tp-test.ndb" }));
        var activated = (await _highSide.Get<ScannerDataRepository>().AllAsync(CancellationToken.None)).Single();
        Assert.That((activated.BatchId, activated.DataVersion), Is.EqualTo((batchId, ClamAvDatabaseVersion(directory))));
        Assert.That(activated.DataTimeUtc, Is.EqualTo(ScannerDataPackages.PackedUtc));
        Assert.That(await _highSide.AuditEntriesAsync(ScannerDataRepository.ActivatedAction), Has.Count.EqualTo(1));

        var malicious = await SampleArtifacts.AddFileAsync(_scenario.Store, "tool.bin", TestSignatures.MaliciousPayload);
        var next = await _highSide.ImportAsync(await _scenario.WriteVolumeAsync(2, [malicious]));

        var record = await _highSide.Get<BatchRepository>().FindAsync(next.Id, CancellationToken.None);
        Assert.That((record!.State, record.ReasonCode), Is.EqualTo((BatchStates.Refused, ScanReasons.MalwareFound)));
        Assert.That(record.Reason, Does.Contain(TestSignatures.HashName).And.Contain($"clamav {activated.DataVersion}"));
    }

    [Test]
    public async Task Publish_ClamAvDatabase_BatchHeldForWantOfADatabaseIsScannedAndMovesOn()
    {
        await StartAsync(scanningEnabled: true);
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "tool.bin", 4_000, seed: 8);
        var waiting = await _highSide.ImportAsync(await _scenario.WriteVolumeAsync(1, [file]));
        Assert.That(await StateAsync(waiting.Id), Is.EqualTo(BatchStates.Scanning));
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, ScannerDataFiles.ClamAv, "tp-test.tar.gz", ScannerDataPackages.ClamAvTarGz());

        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(2, [data]));
        await PublishedBatchFlow.PublishAsync(_highSide, batchId);

        Assert.That(await StateAsync(waiting.Id), Is.EqualTo(BatchStates.AwaitingApproval));
        Assert.That((await _highSide.AuditEntriesAsync("scan.completed")).Select(e => e.Subject), Is.EqualTo(new[] { waiting.Id }));
    }

    [Test]
    public async Task PublishAsync_AgainAfterActivation_ChangesNothing()
    {
        await StartAsync(scanningEnabled: false);
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, ScannerDataFiles.ClamAv, "tp-test.tar.gz", ScannerDataPackages.ClamAvTarGz());
        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(1, [data]));
        await PublishedBatchFlow.PublishAsync(_highSide, batchId);
        var first = (await _highSide.Get<ScannerDataRepository>().AllAsync(CancellationToken.None)).Single();

        await Publisher.PublishAsync(batchId, data, CancellationToken.None);

        Assert.That(await _highSide.Get<ScannerDataRepository>().AllAsync(CancellationToken.None), Is.EqualTo(new[] { first }));
        Assert.That(await _highSide.AuditEntriesAsync(ScannerDataRepository.ActivatedAction), Has.Count.EqualTo(1));
        Assert.That(Publisher.PlanLine(data), Is.EqualTo($"scanner-data clamav {first.Directory} {data.Digest}"));
    }

    [Test]
    public async Task Publish_GarbageSignatureFile_RefusedAndNotActivated()
    {
        await StartAsync(scanningEnabled: false);
        var broken = ScannerDataPackages.TarGz(ScannerDataPackages.Entry("broken.ndb", "this is not a signature\n"));
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, ScannerDataFiles.ClamAv, "broken.tar.gz", broken);

        var failure = await ImportApproveAndFailToPublishAsync(data);

        Assert.That(failure.Code, Is.EqualTo(PublishReasons.ScannerDataUnusable));
        Assert.That(failure.Message, Does.Contain("do not load"));
        await AssertNothingActivatedAsync(PublishReasons.ScannerDataUnusable);
    }

    [TestCase("allow.fp", TestName = "Publish_ClamAvDataWithAHashAllowList_RefusedScannerDataUnusable")]
    [TestCase("allow.sfp", TestName = "Publish_ClamAvDataWithAnSha256AllowList_RefusedScannerDataUnusable")]
    [TestCase("quiet.ign2", TestName = "Publish_ClamAvDataIgnoringSignatureNames_RefusedScannerDataUnusable")]
    [TestCase("db/quiet.ign", TestName = "Publish_ClamAvDataIgnoringSignatureNamesInASubdirectory_RefusedScannerDataUnusable")]
    public async Task Publish_ClamAvDataThatTurnsDetectionsOff_RefusedScannerDataUnusable(string entry)
    {
        // A stolen low-side key ships routine signatures plus a list that clears the payload of a later batch.
        await StartAsync(scanningEnabled: false);
        var hostile = ScannerDataPackages.TarGz(ScannerDataPackages.Entry("ok.ndb", "Ok-Sig:0:*:41424344\n"),
            ScannerDataPackages.Entry(entry, entry.EndsWith("fp", StringComparison.Ordinal) ? $"{new string('0', 32)}:7:payload\n" : "Ok-Sig\n"));
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, ScannerDataFiles.ClamAv, "quiet.tar.gz", hostile);

        var failure = await ImportApproveAndFailToPublishAsync(data);

        Assert.That(failure.Code, Is.EqualTo(PublishReasons.ScannerDataUnusable));
        Assert.That(failure.Message, Does.Contain(Path.GetFileName(entry)).And.Contain("turns detections off"));
        await AssertNothingActivatedAsync(PublishReasons.ScannerDataUnusable);
    }

    [TestCase("../escaped.ndb", TestName = "Publish_EntryClimbingOut_RefusedArchiveUnsafe")]
    [TestCase("/tmp/absolute.ndb", TestName = "Publish_EntryWithAbsolutePath_RefusedArchiveUnsafe")]
    [TestCase("db/../../escaped.ndb", TestName = "Publish_EntryClimbingOutInTheMiddle_RefusedArchiveUnsafe")]
    public async Task Publish_HostileEntryName_RefusedArchiveUnsafe(string entry)
    {
        await StartAsync(scanningEnabled: false);
        var hostile = ScannerDataPackages.TarGz(ScannerDataPackages.Entry("ok.ndb", "Ok-Sig:0:*:41424344\n"),
            ScannerDataPackages.Entry(entry, "Escaped:0:*:41424344\n"));
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, ScannerDataFiles.ClamAv, "hostile.tar.gz", hostile);

        var failure = await ImportApproveAndFailToPublishAsync(data);

        Assert.That(failure.Code, Is.EqualTo(PublishReasons.ArchiveUnsafe));
        Assert.That(Directory.EnumerateFiles(_highSide.Root, "*escaped*", SearchOption.AllDirectories), Is.Empty);
        await AssertNothingActivatedAsync(PublishReasons.ArchiveUnsafe);
    }

    [TestCase(TarEntryType.SymbolicLink)]
    [TestCase(TarEntryType.HardLink)]
    [TestCase(TarEntryType.CharacterDevice)]
    [TestCase(TarEntryType.Fifo)]
    public async Task Publish_EntryThatIsNotAFile_RefusedArchiveUnsafe(TarEntryType type)
    {
        await StartAsync(scanningEnabled: false);
        var entry = new PaxTarEntry(type, "daily.cvd");
        if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink)
        {
            entry.LinkName = "/etc/passwd";
        }

        var hostile = ScannerDataPackages.TarGz(ScannerDataPackages.Entry("ok.ndb", "Ok-Sig:0:*:41424344\n"), entry);
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, ScannerDataFiles.ClamAv, "hostile.tar.gz", hostile);

        var failure = await ImportApproveAndFailToPublishAsync(data);

        Assert.That(failure.Code, Is.EqualTo(PublishReasons.ArchiveUnsafe));
        Assert.That(failure.Message, Does.Contain(type.ToString()));
        await AssertNothingActivatedAsync(PublishReasons.ArchiveUnsafe);
    }

    [Test]
    public async Task Publish_MoreEntriesThanAllowed_RefusedArchiveUnsafe()
    {
        await StartAsync(scanningEnabled: false, configure: json => json["ScannerData"] = new JsonObject { ["MaxEntries"] = 2 });
        var many = ScannerDataPackages.TarGz([.. Enumerable.Range(0, 3).Select(i => ScannerDataPackages.Entry($"s{i}.ndb", $"S{i}:0:*:4142434{i}\n"))]);
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, ScannerDataFiles.ClamAv, "many.tar.gz", many);

        var failure = await ImportApproveAndFailToPublishAsync(data);

        Assert.That(failure.Code, Is.EqualTo(PublishReasons.ArchiveUnsafe));
        Assert.That(failure.Message, Does.Contain("ScannerData:MaxEntries"));
    }

    [Test]
    public async Task Publish_ClamAvThenOsvDataOnASiteThatScansNothingYet_BothActivatedAndTheApprovalsCountToTheEnd()
    {
        // Officers sign `scan: off`; publishing the ClamAV data switches scanning on before the OSV data's turn.
        await StartAsync(scanningEnabled: null);
        var clamAv = await ScannerDataPackages.AddAsync(_scenario.Store, ScannerDataFiles.ClamAv, "tp-test.tar.gz", ScannerDataPackages.ClamAvTarGz());
        var osv = await ScannerDataPackages.AddAsync(_scenario.Store, ScannerDataFiles.Osv, "all.zip",
            ScannerDataPackages.OsvZip(ScannerDataPackages.OsvRecord("GHSA-0001", "left-pad")));
        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(1, [clamAv, osv]));
        var statement = await _highSide.Get<ApprovalService>().StatementAsync(batchId, Decisions.Approve, null, CancellationToken.None);

        var published = await PublishedBatchFlow.PublishAsync(_highSide, batchId);

        Assert.That(statement.Value?.Scan, Is.EqualTo(ApprovalStatement.ScanOff));
        Assert.That(published.State, Is.EqualTo(BatchStates.Published));
        Assert.That((await _highSide.Get<ScannerDataRepository>().AllAsync(CancellationToken.None)).Select(a => a.Name),
            Is.EquivalentTo(new[] { ScannerDataFiles.ClamAv, ScannerDataFiles.Osv }));
        Assert.That(await _highSide.Get<ActiveScannerData>().ScanningOnAsync(CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Publish_OsvZip_ActivatedWithItsRecordCount()
    {
        await StartAsync(scanningEnabled: false);
        var zip = ScannerDataPackages.OsvZip(ScannerDataPackages.OsvRecord("GHSA-0001", "left-pad"),
            ScannerDataPackages.OsvRecord("GHSA-0002", "right-pad"), ScannerDataPackages.OsvRecord("GHSA-0003", "left-pad"));
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, ScannerDataFiles.Osv, "all.zip", zip);

        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(1, [data]));
        await PublishedBatchFlow.PublishAsync(_highSide, batchId);

        var directory = _highSide.Data.Combine("scanner-data", "osv", BatchFileNames.DigestHex(data.Digest));
        var activated = (await _highSide.Get<ScannerDataRepository>().AllAsync(CancellationToken.None)).Single();
        Assert.That((activated.Name, activated.Directory, activated.Records), Is.EqualTo((ScannerDataFiles.Osv, directory, 3L)));
        Assert.That(activated.DataVersion, Is.EqualTo("osv:" + BatchFileNames.DigestHex(data.Digest)[..12]));
        Assert.That(await _highSide.Get<ActiveScannerData>().OsvDatabaseAsync(CancellationToken.None), Is.EqualTo(directory));
        Assert.That(await _highSide.Get<ActiveScannerData>().ClamAvDatabaseAsync(CancellationToken.None), Is.Null);
        Assert.That(Directory.EnumerateFiles(directory).Select(Path.GetFileName), Is.EqualTo(new[] { ScannerDataFiles.OsvExportFileName }));
        Assert.That((await _highSide.AuditEntriesAsync(ScannerDataRepository.ActivatedAction)).Single().DetailsJson, Does.Contain("\"records\":3"));
    }

    private IArtifactPublisher Publisher => _highSide.Services.GetRequiredKeyedService<IArtifactPublisher>(ArtifactKinds.ScannerData);

    private async Task<string?> StateAsync(string id) => (await _highSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))?.State;

    private static string ClamAvDatabaseVersion(string directory) => ClamAvDatabase.DescribeVersion(directory);

    // Scanning:Enabled unset (null): scanning is on once a scanner is configured or scanner data is activated.
    private async Task StartAsync(bool? scanningEnabled, Action<JsonObject>? configure = null)
    {
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, json =>
        {
            if (scanningEnabled is { } enabled)
            {
                json["Scanning"] = new JsonObject { ["Enabled"] = enabled };
            }

            configure?.Invoke(json);
        });
        await _highSide.TrustAsync(_scenario.Key.PublicKey, _scenario.SiteId);
    }

    private async Task<Failure> ImportApproveAndFailToPublishAsync(BatchArtifactInput data)
    {
        var batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, await _scenario.WriteVolumeAsync(1, [data]));
        var outcome = await _highSide.Get<PublishService>().PublishAsync(batchId, CancellationToken.None);
        Assert.That(outcome.IsOk, Is.False);
        return outcome.Error!;
    }

    private async Task AssertNothingActivatedAsync(string reason)
    {
        var batch = (await _highSide.Get<BatchRepository>().InStatesAsync([BatchStates.Refused], CancellationToken.None)).Single();
        Assert.That(batch.ReasonCode, Is.EqualTo(reason));
        Assert.That(await _highSide.Get<ScannerDataRepository>().AllAsync(CancellationToken.None), Is.Empty);
        Assert.That(await _highSide.Get<ActiveScannerData>().ClamAvDatabaseAsync(CancellationToken.None), Is.Null);
        Assert.That(Directory.Exists(_highSide.Data.Combine("scanner-data", "clamav")) &&
            Directory.EnumerateFileSystemEntries(_highSide.Data.Combine("scanner-data", "clamav")).Any(), Is.False);
        Assert.That(await _highSide.AuditEntriesAsync(ScannerDataRepository.ActivatedAction), Is.Empty);
    }
}
