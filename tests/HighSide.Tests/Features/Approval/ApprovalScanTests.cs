using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Approval;

/// <summary>
/// An approval statement names the batch's scan (`scan:`): officers sign what was scanned, or that nothing was, and an
/// approval counts only while that is still so. The site scans with ClamAV and test signatures; the batch is one clean file.
/// </summary>
public sealed class ApprovalScanTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private BatchScenario _scenario = null!;
    private TempDirectory _temp = null!;
    private HighSideHarness _highSide = null!;
    private OfficerKey _carol = null!;
    private OfficerKey _dave = null!;
    private string _volume = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _scenario = new BatchScenario();
        _scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        _temp = new TempDirectory("approval-scan");
        var database = TestSignatures.WriteDatabase(_temp.Combine("clamav"));
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock,
            json => json["Scanning"] = new JsonObject { ["ClamAv"] = new JsonObject { ["Database"] = database } }, provider: Provider);
        await _highSide.TrustAsync(_scenario.Key.PublicKey, "site-a");
        _carol = await _highSide.AddOfficerAsync("carol");
        _dave = await _highSide.AddOfficerAsync("dave");
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "tool.bin", 40_000, seed: 3);
        _volume = (await _scenario.WriteAsync([file])).VolumeDirectories.Single();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _highSide.DisposeAsync();
        _temp.Dispose();
        _scenario.Dispose();
    }

    [Test]
    public async Task Statement_CleanScan_NamesTheOutcomeAndTheResultItsAuditEntryRecorded()
    {
        var batchId = (await _highSide.ImportAsync(_volume)).Id;

        var statement = await StatementAsync(batchId);
        var scanned = (await _highSide.AuditEntriesAsync("scan.completed")).Single(e => e.Subject == batchId);

        Assert.That(statement.Text, Does.StartWith(ApprovalStatement.Header + "\n"));
        Assert.That(statement.Scan, Is.EqualTo("completed " + JsonNode.Parse(scanned.DetailsJson)!["resultSha256"]!.GetValue<string>()));
        var show = await _highSide.Cli.SucceedAsync("batch", "show", batchId);
        Assert.That(show.StandardOutput, Does.Contain("an approval signs the scan as: " + statement.Scan + "\n"));
    }

    [Test]
    public async Task Publish_OperatorSwitchesScanningOffInTheSettingsAfterTheApprovals_ApprovalsNoLongerCountScanChanged()
    {
        var batchId = (await _highSide.ImportAsync(_volume)).Id;
        await _highSide.ApproveAsync(batchId, _carol);
        var approved = await _highSide.ApproveAsync(batchId, _dave);
        Assert.That(approved.Value?.State, Is.EqualTo(BatchStates.Approved), approved.Error?.ToString());

        // The operator turns scanning off in the service account's settings file, then publishes.
        await EditSettingsAsync(json => json["Scanning"]!["Enabled"] = false);
        var publish = await _highSide.Cli.RunAsync("publish", batchId);
        var show = await _highSide.Cli.SucceedAsync("batch", "show", batchId);

        Assert.That(publish.ExitCode, Is.EqualTo(1), publish.ToString());
        Assert.That(publish.StandardError, Does.Contain($"[{ApprovalReasons.ScanChanged}]"));
        Assert.That(show.StandardOutput, Does.Contain("approvals: 0 of 2 required")
            .And.Match($"approve by carol .*: does not count: {ApprovalReasons.ScanChanged}")
            .And.Contain("an approval signs the scan as: off\n  OFF: scanning is off at this site"));
        Assert.That(File.Exists(Path.Combine(_highSide.FilesMirror, "tool.bin")), Is.False);
    }

    [Test]
    public async Task Statement_OperatorSwitchedScanningOffBeforeTheImport_SaysScanOffAndTheSignerIsTold()
    {
        await EditSettingsAsync(json => json["Scanning"]!["Enabled"] = false);
        await _highSide.Cli.SucceedAsync("import", _volume);
        var statement = await _highSide.Cli.SucceedAsync("batch", "statement", "site-a-000001");
        var file = _temp.Combine("s.txt");
        await File.WriteAllTextAsync(file, statement.StandardOutput);

        var sign = await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", file, "--key", _carol.SecretKeyFile);

        Assert.That(statement.StandardOutput, Does.Contain("\nscan: off\n"));
        Assert.That(sign.StandardOutput + sign.StandardError, Does.Contain("scan: OFF: scanning is off at this site; nothing in this batch was scanned"));
    }

    [Test]
    public async Task Approve_SignedWhileScanningWasOffThenScanningSwitchedOn_NoLongerCountsScanChanged()
    {
        await EditSettingsAsync(json => json["Scanning"]!["Enabled"] = false);
        await _highSide.Cli.SucceedAsync("import", _volume);
        await _highSide.Cli.SucceedAsync("approve", "site-a-000001", "--officer", "carol", "--key", _carol.SecretKeyFile);
        var before = await _highSide.Cli.SucceedAsync("batch", "show", "site-a-000001");

        // Scanning comes on (the ClamAV database configured in SetUp is in force again): the batch was never scanned.
        await EditSettingsAsync(json => json["Scanning"]!.AsObject().Remove("Enabled"));
        var after = await _highSide.Cli.SucceedAsync("batch", "show", "site-a-000001");

        Assert.That(before.StandardOutput, Does.Match("approve by carol .*: counts"));
        Assert.That(after.StandardOutput, Does.Match($"approve by carol .*: does not count: {ApprovalReasons.ScanChanged}")
            .And.Contain("an approval signs the scan as: none\n  NONE: no scan of this batch is recorded"));
    }

    [Test]
    public async Task Publish_OperatorImportsWithScanningOffThenOfficersApproveTheUnscannedBatch_ScannedFirstAndRefusedMalwareFound()
    {
        // The operator switches scanning off for one import of a batch carrying malware, and on again; both officers then
        // sign what they are shown (scan: none) and the operator publishes.
        var payload = await SampleArtifacts.AddFileAsync(_scenario.Store, "payload.bin", TestSignatures.MaliciousPayload);
        var volume = (await _scenario.WriteAsync([payload], mediaDirectory: _temp.Combine("media"))).VolumeDirectories.Single();
        await EditSettingsAsync(json => json["Scanning"]!["Enabled"] = false);
        await _highSide.Cli.SucceedAsync("import", volume);
        await EditSettingsAsync(json => json["Scanning"]!.AsObject().Remove("Enabled"));
        var statement = await _highSide.Cli.SucceedAsync("batch", "statement", "site-a-000001");
        var carol = await _highSide.Cli.SucceedAsync("approve", "site-a-000001", "--officer", "carol", "--key", _carol.SecretKeyFile);
        var dave = await _highSide.Cli.RunAsync("approve", "site-a-000001", "--officer", "dave", "--key", _dave.SecretKeyFile);

        var publish = await _highSide.Cli.RunAsync("publish", "site-a-000001");
        var show = await _highSide.Cli.SucceedAsync("batch", "show", "site-a-000001");

        Assert.That(statement.StandardOutput, Does.Contain("\nscan: none\n"));
        // Scanning being on, carol's approval took the batch through the gates again, and the scan gate scanned it.
        Assert.That(carol.StandardOutput, Does.Contain("batch site-a-000001 is refused (0 of 2 approvals)"));
        Assert.That(dave.StandardError, Does.Contain("[batch-not-awaiting-approval]"));
        Assert.That(publish.ExitCode, Is.Not.EqualTo(0), publish.ToString());
        Assert.That(File.Exists(Path.Combine(_highSide.FilesMirror, "payload.bin")), Is.False);
        Assert.That(show.StandardOutput, Does.Contain($"refused [{ScanReasons.MalwareFound}]"), show.StandardOutput);
    }

    [Test]
    public async Task Approve_SignedScanNoneAfterScanningCameOn_TheBatchIsScannedAndTheApprovalNoLongerCountsScanChanged()
    {
        await EditSettingsAsync(json => json["Scanning"]!["Enabled"] = false);
        await _highSide.Cli.SucceedAsync("import", _volume);
        await EditSettingsAsync(json => json["Scanning"]!.AsObject().Remove("Enabled"));

        await _highSide.Cli.SucceedAsync("approve", "site-a-000001", "--officer", "carol", "--key", _carol.SecretKeyFile);
        var show = await _highSide.Cli.SucceedAsync("batch", "show", "site-a-000001");

        Assert.That(await _highSide.AuditEntriesAsync("scan.completed"), Has.Count.EqualTo(1));
        Assert.That(show.StandardOutput, Does.Contain("awaiting-approval")
            .And.Match($"approve by carol .*: does not count: {ApprovalReasons.ScanChanged}")
            .And.Contain("an approval signs the scan as: completed "));
    }

    [Test]
    public async Task Approve_StatementOfTheVersionBeforeScanLines_RefusedStatementWithoutScan()
    {
        var batchId = (await _highSide.ImportAsync(_volume)).Id;
        var legacy = await StatementAsync(batchId) with { Scan = null };
        using var key = _carol.Load();
        var signature = key.SignPrehashed(Blake2bHash.Compute(legacy.Bytes, 64), legacy.TrustedComment, "test");

        var submitted = await _highSide.Get<ApprovalService>().SubmitAsync(
            new DecisionRequest(batchId, Decisions.Approve, legacy.Text, signature.ToFileText()), CancellationToken.None);

        Assert.That(legacy.Text, Does.StartWith(ApprovalStatement.HeaderWithoutScan + "\n"));
        Assert.That(submitted.Error?.Code, Is.EqualTo(ApprovalReasons.StatementWithoutScan), submitted.Error?.Message);
    }

    private async Task<ApprovalStatement> StatementAsync(string batchId) =>
        (await _highSide.Get<ApprovalService>().StatementAsync(batchId, Decisions.Approve, null, CancellationToken.None)).Value!;

    private async Task EditSettingsAsync(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(_highSide.Data.ConfigFile))!.AsObject();
        edit(json);
        await File.WriteAllTextAsync(_highSide.Data.ConfigFile, json.ToJsonString());
    }
}
