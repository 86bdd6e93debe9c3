using Dapper;
using TransferPipeline.Shared.Persistence;
using System.Text;
using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Scanning;

/// <summary>
/// The high side scans every blob of a batch from quarantine with the real clamscan and a signature database the test
/// makes, before any officer can approve it: malware refuses the batch, a scan that fails holds it, a clean one passes.
/// </summary>
public sealed class ScanGateTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private BatchScenario _scenario = null!;
    private TempDirectory _temp = null!;
    private string _database = null!;
    private HighSideHarness _highSide = null!;

    [SetUp]
    public void SetUp()
    {
        _scenario = new BatchScenario();
        _temp = new TempDirectory("scan-gate");
        _database = TestSignatures.WriteDatabase(_temp.Combine("clamav"));
        Age(_database, TimeSpan.FromDays(1));
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        if (_highSide is not null)
        {
            await _highSide.DisposeAsync();
        }

        _temp.Dispose();
        _scenario.Dispose();
    }

    [Test]
    public async Task Import_CleanBatch_ScannedThenAwaitsApproval()
    {
        await StartAsync();

        var batch = await _highSide.ImportAsync(await _scenario.WriteSimpleVolumeAsync());

        Assert.That(await StateAsync(batch.Id), Is.EqualTo(BatchStates.AwaitingApproval));
        var scan = (await DetailAsync(batch.Id)).Scan!;
        Assert.That(scan.Outcome, Is.EqualTo(ScanOutcome.Done));
        Assert.That(scan.Files, Is.EqualTo(4), "image manifest, config and layer, and the file");
        Assert.That(scan.Findings, Is.Empty);
        Assert.That(scan.DataVersions, Does.StartWith("clamav local:"));
        Assert.That(await _highSide.AuditEntriesAsync("scan.completed"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Import_FileCarryingTheHashSignature_RefusedMalwareFound()
    {
        await StartAsync();
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "tool.bin", TestSignatures.MaliciousPayload);
        var clean = await SampleArtifacts.AddFileAsync(_scenario.Store, "clean.bin", 1000, seed: 3);

        var batch = await _highSide.ImportAsync((await _scenario.WriteAsync([clean, file])).VolumeDirectories.Single());

        var record = await _highSide.Get<BatchRepository>().FindAsync(batch.Id, CancellationToken.None);
        Assert.That(record!.State, Is.EqualTo(BatchStates.Refused));
        Assert.That(record.ReasonCode, Is.EqualTo(ScanReasons.MalwareFound));
        Assert.That(record.Reason, Does.Contain(TestSignatures.HashName).And.Contain("tool.bin").And.Contain("clamav local:"));
        var listed = (await _highSide.Get<BatchQueries>().ListAsync(CancellationToken.None)).Single();
        Assert.That((listed.State, listed.ReasonCode), Is.EqualTo((BatchStates.Refused, ScanReasons.MalwareFound)));
        var finding = (await DetailAsync(batch.Id)).Scan!.Findings.Single();
        Assert.That((finding.Artifact, finding.Finding.Kind), Is.EqualTo(("tool.bin", ScanFindingKind.Malware)));
    }

    [TestCase("DELETE FROM scan_findings WHERE batch_id = @Id",
        TestName = "Restart_OperatorDeletedTheMalwareFindingAndSetTheBatchBackToScanning_HeldScanResultsAltered")]
    [TestCase("UPDATE scan_findings SET kind = 'Vulnerability', severity = 'Low' WHERE batch_id = @Id",
        TestName = "Restart_OperatorTurnedTheMalwareFindingIntoALowVulnerability_HeldScanResultsAltered")]
    public async Task Restart_OperatorAlteredTheFindingsOfARefusedBatch_HeldScanResultsAltered(string sql)
    {
        await StartAsync();
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "tool.bin", TestSignatures.MaliciousPayload);
        var batch = await _highSide.ImportAsync((await _scenario.WriteAsync([file])).VolumeDirectories.Single());
        Assert.That(await StateAsync(batch.Id), Is.EqualTo(BatchStates.Refused));
        await using (var connection = await _highSide.Get<Database>().OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync($"{sql}; UPDATE batches SET state = 'scanning', reason_code = NULL, reason = NULL WHERE id = @Id",
                new { batch.Id });
        }

        // What the daemon does for a batch in scanning when it starts.
        var advanced = await _highSide.Get<TransferPipeline.HighSide.Pipeline.BatchPipeline>().AdvanceAsync(batch.Id, CancellationToken.None);

        Assert.That(advanced!.State, Is.EqualTo(BatchStates.Scanning), "never on to approval with the malware hidden");
        Assert.That(advanced.WaitingFor, Does.Contain($"[{ScanReasons.ResultsAltered}]"));
        var rescanned = await _highSide.Get<RescanService>().RescanAsync(batch.Id, "operator", CancellationToken.None);
        Assert.That(rescanned.IsOk, Is.True, rescanned.Error?.Message);
        Assert.That(await StateAsync(batch.Id), Is.EqualTo(BatchStates.Refused), "scanned again, the malware is found again");
    }

    [Test]
    public async Task Import_ImageLayerCarryingEicar_RefusedMalwareFound()
    {
        await StartAsync();
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/tools", "2.0", "usr/share/eicar.com",
            Encoding.ASCII.GetBytes(TestSignatures.Eicar));

        var batch = await _highSide.ImportAsync((await _scenario.WriteAsync([image])).VolumeDirectories.Single());

        var record = await _highSide.Get<BatchRepository>().FindAsync(batch.Id, CancellationToken.None);
        Assert.That((record!.State, record.ReasonCode), Is.EqualTo((BatchStates.Refused, ScanReasons.MalwareFound)));
        Assert.That(record.Reason, Does.Contain(TestSignatures.EicarName).And.Contain("library/tools sha256:"));
    }

    [Test]
    public async Task Import_FileTooLargeToScanWhileOnlyCriticalFindingsBlock_BlockedByScanNotPassedAsClean()
    {
        // A hostile batch hides its payload past ClamAV's limits at a site that blocks only at Critical.
        await StartAsync(configure: json =>
        {
            json["Scanning"] = new JsonObject { ["ClamAv"] = new JsonObject { ["Database"] = _database, ["MaxFileSizeMiB"] = 1 } };
            json["Policy"]!["Scan"] = new JsonObject { ["BlockAt"] = "Critical" };
        });
        var big = await SampleArtifacts.AddFileAsync(_scenario.Store, "big.iso", 3L * 1024 * 1024, seed: 5);

        var batch = await _highSide.ImportAsync((await _scenario.WriteAsync([big])).VolumeDirectories.Single());

        Assert.That(await StateAsync(batch.Id), Is.EqualTo(BatchStates.BlockedByScan));
        Assert.That((await DetailAsync(batch.Id)).Scan!.Findings.Select(f => (f.Finding.Id.Split(':')[0], f.Blocking)),
            Is.EqualTo(new[] { ("not-scanned", true) }));
    }

    [Test]
    public async Task Import_ScannerCannotStart_HeldInScanningAndNotApprovable()
    {
        await StartAsync(clamAv => clamAv["Executable"] = _temp.Combine("no-such-clamscan"));
        var officers = await AddOfficersAsync();

        var batch = await _highSide.ImportAsync(await _scenario.WriteSimpleVolumeAsync());

        var record = await _highSide.Get<BatchRepository>().FindAsync(batch.Id, CancellationToken.None);
        Assert.That(record!.State, Is.EqualTo(BatchStates.Scanning));
        Assert.That(record.WaitingFor, Does.Contain(ScannerFailedException.ReasonCode).And.Contain("could not be started"));
        var approval = await _highSide.ApproveAsync(batch.Id, officers[0]);
        Assert.That(approval.Error?.Code, Is.EqualTo(ApprovalReasons.NotAwaitingApproval));
        Assert.That(await _highSide.AuditEntriesAsync("scan.failed"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Import_ScannerHangs_StoppedAtItsTimeLimitAndHeld()
    {
        var script = _temp.Combine("hanging-clamscan");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nsleep 60\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        await StartAsync(clamAv =>
        {
            clamAv["Executable"] = script;
            clamAv["TimeoutSeconds"] = 1;
        });

        var batch = await _highSide.ImportAsync(await _scenario.WriteSimpleVolumeAsync());

        var record = await _highSide.Get<BatchRepository>().FindAsync(batch.Id, CancellationToken.None);
        Assert.That(record!.State, Is.EqualTo(BatchStates.Scanning));
        Assert.That(record.WaitingFor, Does.Contain("did not finish within 1 s"));
    }

    [Test]
    public async Task Rescan_AfterTheDatabaseArrives_ScannedAndAwaitsApproval()
    {
        var empty = Directory.CreateDirectory(_temp.Combine("empty-db")).FullName;
        await StartAsync(clamAv => clamAv["Database"] = empty);
        var batch = await _highSide.ImportAsync(await _scenario.WriteSimpleVolumeAsync());
        Assert.That(await StateAsync(batch.Id), Is.EqualTo(BatchStates.Scanning));

        TestSignatures.WriteDatabase(empty);
        var rescan = await _highSide.Get<RescanService>().RescanAsync(batch.Id, "operator", CancellationToken.None);

        Assert.That(rescan.Value?.State, Is.EqualTo(BatchStates.AwaitingApproval), rescan.Error?.ToString());
        Assert.That(await _highSide.AuditEntriesAsync("scan.rescan-requested"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Rescan_OperatorDeletedTheArtifactsBlobRows_LayerStillScannedAndRefusedMalwareFound()
    {
        var empty = Directory.CreateDirectory(_temp.Combine("empty-db")).FullName;
        await StartAsync(clamAv => clamAv["Database"] = empty);
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/tools", "2.0", "usr/share/eicar.com",
            Encoding.ASCII.GetBytes(TestSignatures.Eicar));
        var batch = await _highSide.ImportAsync((await _scenario.WriteAsync([image])).VolumeDirectories.Single());
        Assert.That(await StateAsync(batch.Id), Is.EqualTo(BatchStates.Scanning), "held until there are signatures");

        // The operator, with write access to the database, empties the list of blobs the scan is to cover.
        await using (var connection = await _highSide.Get<Database>().OpenAsync(CancellationToken.None))
        {
            var deleted = await connection.ExecuteAsync("DELETE FROM batch_artifact_blobs WHERE batch_id = @id", new { id = batch.Id });
            Assert.That(deleted, Is.EqualTo(image.Blobs.Count));
        }

        TestSignatures.WriteDatabase(empty);
        await _highSide.Get<RescanService>().RescanAsync(batch.Id, "operator", CancellationToken.None);

        var record = await _highSide.Get<BatchRepository>().FindAsync(batch.Id, CancellationToken.None);
        Assert.That((record!.State, record.ReasonCode), Is.EqualTo((BatchStates.Refused, ScanReasons.MalwareFound)));
        Assert.That(record.Reason, Does.Contain(TestSignatures.EicarName));
    }

    [Test]
    public async Task Import_ScanningOff_NoScanAndAwaitsApproval()
    {
        await StartAsync(configure: json => json["Scanning"] = new JsonObject { ["Enabled"] = false, ["ClamAv"] = new JsonObject() });

        var batch = await _highSide.ImportAsync(await _scenario.WriteSimpleVolumeAsync());

        Assert.That(await StateAsync(batch.Id), Is.EqualTo(BatchStates.AwaitingApproval));
        Assert.That((await DetailAsync(batch.Id)).Scan, Is.Null);
    }

    [Test]
    public async Task Import_ScannerDataOnlyWithoutADatabase_PassesUnscannedWithScanSkipped()
    {
        await StartAsync(configure: json => json["Scanning"] = new JsonObject { ["Enabled"] = true });
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, "clamav", "tp-test.tar.gz", ScannerDataPackages.ClamAvTarGz());

        var batch = await _highSide.ImportAsync((await _scenario.WriteAsync([data])).VolumeDirectories.Single());

        Assert.That(await StateAsync(batch.Id), Is.EqualTo(BatchStates.AwaitingApproval));
        Assert.That((await DetailAsync(batch.Id)).Scan!.Outcome, Is.EqualTo(ScanOutcome.Skipped));
        Assert.That(await _highSide.AuditEntriesAsync("scan.skipped"), Has.Count.EqualTo(1));
        Assert.That(await _highSide.AuditEntriesAsync("scan.failed"), Is.Empty);
    }

    [Test]
    public async Task Import_ScannerDataWithAFileWithoutADatabase_HeldInScanning()
    {
        await StartAsync(configure: json => json["Scanning"] = new JsonObject { ["Enabled"] = true });
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, "clamav", "tp-test.tar.gz", ScannerDataPackages.ClamAvTarGz());
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "tool.bin", 1000, seed: 4);

        var batch = await _highSide.ImportAsync((await _scenario.WriteAsync([data, file])).VolumeDirectories.Single());

        var record = await _highSide.Get<BatchRepository>().FindAsync(batch.Id, CancellationToken.None);
        Assert.That(record!.State, Is.EqualTo(BatchStates.Scanning));
        Assert.That(record.WaitingFor, Does.Contain("no ClamAV database"));
        Assert.That(await _highSide.AuditEntriesAsync("scan.skipped"), Is.Empty);
    }

    [Test]
    public async Task Import_ScannerDataWhileADatabaseIsInForce_ScannedLikeAnyOther()
    {
        await StartAsync();
        var data = await ScannerDataPackages.AddAsync(_scenario.Store, "clamav", "tp-test.tar.gz", ScannerDataPackages.ClamAvTarGz());

        var batch = await _highSide.ImportAsync((await _scenario.WriteAsync([data])).VolumeDirectories.Single());

        Assert.That(await StateAsync(batch.Id), Is.EqualTo(BatchStates.AwaitingApproval));
        Assert.That((await DetailAsync(batch.Id)).Scan!.Outcome, Is.EqualTo(ScanOutcome.Done));
        Assert.That(await _highSide.AuditEntriesAsync("scan.skipped"), Is.Empty);
    }

    internal static void Age(string database, TimeSpan age)
    {
        foreach (var file in Directory.EnumerateFiles(database))
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc) - age);
        }
    }

    private async Task StartAsync(Action<JsonObject>? clamAv = null, Action<JsonObject>? configure = null)
    {
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, configure ?? (json =>
        {
            var options = new JsonObject { ["Database"] = _database };
            clamAv?.Invoke(options);
            json["Scanning"] = new JsonObject { ["ClamAv"] = options };
        }), provider: Provider);
        await _highSide.TrustAsync(_scenario.Key.PublicKey, "site-a");
    }

    private async Task<OfficerKey[]> AddOfficersAsync() =>
        [await _highSide.AddOfficerAsync("carol"), await _highSide.AddOfficerAsync("dave")];

    private async Task<string?> StateAsync(string id) => (await _highSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))?.State;

    private async Task<BatchDetail> DetailAsync(string id) => (await _highSide.Get<BatchQueries>().ShowAsync(id, CancellationToken.None)).Value!;
}
