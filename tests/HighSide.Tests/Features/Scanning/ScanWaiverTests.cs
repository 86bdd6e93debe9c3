using System.Text.Json.Nodes;
using Dapper;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Scanning;

/// <summary>
/// Findings at or above Policy:Scan:BlockAt hold a batch in blocked-by-scan until the roster's number of officers have
/// signed approvals whose statements waive each blocking finding by id; a waiver counts only for the findings it names.
/// The blocking findings here are the ones ClamAV alone gives: stale signature data and a file too large to scan.
/// </summary>
public sealed class ScanWaiverTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private BatchScenario _scenario = null!;
    private TempDirectory _temp = null!;
    private HighSideHarness _highSide = null!;
    private OfficerKey _carol = null!;
    private OfficerKey _dave = null!;
    private string _batchId = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _scenario = new BatchScenario();
        _temp = new TempDirectory("scan-waiver");
        var database = TestSignatures.WriteDatabase(_temp.Combine("clamav"));
        ScanGateTests.Age(database, TimeSpan.FromDays(45));
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, json =>
        {
            json["Scanning"] = new JsonObject { ["ClamAv"] = new JsonObject { ["Database"] = database, ["MaxFileSizeMiB"] = 1 } };
            json["Policy"]!["Scan"] = new JsonObject { ["BlockAt"] = "High", ["MaxDataAge"] = "30.00:00:00" };
        }, provider: Provider);
        await _highSide.TrustAsync(_scenario.Key.PublicKey, "site-a");
        _carol = await _highSide.AddOfficerAsync("carol");
        _dave = await _highSide.AddOfficerAsync("dave");
        var big = await SampleArtifacts.AddFileAsync(_scenario.Store, "big.iso", 3L * 1024 * 1024, seed: 5);
        _batchId = (await _highSide.ImportAsync((await _scenario.WriteAsync([big])).VolumeDirectories.Single())).Id;
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _highSide.DisposeAsync();
        _temp.Dispose();
        _scenario.Dispose();
    }

    [Test]
    public async Task Import_StaleDataAndAnUnscannableFile_BlockedByScanWithBothFindings()
    {
        var record = await _highSide.Get<BatchRepository>().FindAsync(_batchId, CancellationToken.None);
        Assert.That(record!.State, Is.EqualTo(BatchStates.BlockedByScan));
        Assert.That(record.WaitingFor, Does.Contain("2 finding(s)").And.Contain(ScanReasons.BlockedByScan));
        var findings = (await _highSide.Get<BatchQueries>().ShowAsync(_batchId, CancellationToken.None)).Value!.Scan!.Findings;
        Assert.That(findings.Select(f => (f.Finding.Kind, f.Blocking)), Is.EquivalentTo(new[]
        {
            (ScanFindingKind.Policy, true),
            (ScanFindingKind.Policy, true),
        }));
        Assert.That(findings.Select(f => f.Finding.Id), Has.One.StartsWith("stale-data:clamav local:").And.One.StartsWith("not-scanned:"));
    }

    [Test]
    public async Task Approve_TwoOfficersWaivingEveryFinding_Approved()
    {
        var statement = await StatementAsync();
        Assert.That(statement.Waivers, Has.Count.EqualTo(2));
        Assert.That(statement.Text, Does.Contain("\nwaive: not-scanned:").And.Contain("\nwaive: stale-data:"));

        await _highSide.ApproveAsync(_batchId, _carol);
        var second = await _highSide.ApproveAsync(_batchId, _dave);

        Assert.That(second.Value?.State, Is.EqualTo(BatchStates.Approved), second.Error?.ToString());
    }

    [Test]
    public async Task Approve_WaiverNamingOnlyOneOfTwoFindings_DoesNotUnblock()
    {
        var full = await StatementAsync();
        var partial = full with { Waived = [full.Waivers[0]] };

        Assert.That((await SubmitAsync(_carol, partial)).IsOk, Is.True);
        var second = await SubmitAsync(_dave, partial);

        Assert.That(second.Value?.State, Is.EqualTo(BatchStates.BlockedByScan));
        var waitingFor = (await _highSide.Get<BatchRepository>().FindAsync(_batchId, CancellationToken.None))!.WaitingFor;
        Assert.That(waitingFor, Does.Contain("waived by 0 of 2"));
    }

    [Test]
    public async Task Approve_OneFullWaiverAndOnePartial_StillBlocked()
    {
        var full = await StatementAsync();

        await SubmitAsync(_carol, full);
        var second = await SubmitAsync(_dave, full with { Waived = [] });

        Assert.That(second.Value?.State, Is.EqualTo(BatchStates.BlockedByScan));
        Assert.That((await _highSide.Get<BatchRepository>().FindAsync(_batchId, CancellationToken.None))!.WaitingFor,
            Does.Contain("waived by 1 of 2"));
    }

    [Test]
    public async Task Publish_OperatorMarksTheBatchApprovedThatOnlyOneOfficerWaived_RefusedBatchStateUnauditedAndNothingPublished()
    {
        var full = await StatementAsync();
        await SubmitAsync(_carol, full);
        await SubmitAsync(_dave, full with { Waived = [] });
        // Two valid approvals, one waiver: the scan policy holds the batch. The operator writes the state past it.
        await using (var connection = await _highSide.Get<Database>().OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync($"UPDATE batches SET state = 'approved' WHERE id = '{_batchId}'");
        }

        var publish = await _highSide.Get<PublishService>().PublishAsync(_batchId, CancellationToken.None);

        Assert.That(publish.Error?.Code, Is.EqualTo(PublishReasons.StateUnaudited), publish.Error?.Message);
        Assert.That(publish.Error!.Message, Does.Contain("last recorded it blocked-by-scan"));
        Assert.That((await _highSide.Get<BatchRepository>().ArtifactsAsync(_batchId, CancellationToken.None)).All(a => a.PublishedUtc is null), Is.True);
    }

    [Test]
    public async Task Rescan_ResultChangesAfterAnApproval_TheApprovalNoLongerCountsScanChanged()
    {
        var approved = await _highSide.ApproveAsync(_batchId, _carol);
        Assert.That(approved.IsOk, Is.True, approved.Error?.ToString());
        // The scanner may now read the whole file: the rescan records another result, without the not-scanned finding.
        var json = JsonNode.Parse(await File.ReadAllTextAsync(_highSide.Data.ConfigFile))!;
        json["Scanning"]!["ClamAv"]!["MaxFileSizeMiB"] = 16;
        await File.WriteAllTextAsync(_highSide.Data.ConfigFile, json.ToJsonString());

        await _highSide.Cli.SucceedAsync("batch", "rescan", _batchId);
        var show = await _highSide.Cli.SucceedAsync("batch", "show", _batchId);

        Assert.That(show.StandardOutput, Does.Not.Contain("not-scanned:"), "the second scan read the whole file");
        Assert.That(show.StandardOutput, Does.Match($"approve by carol .*: does not count: {ApprovalReasons.ScanChanged}"));
    }

    [Test]
    public async Task Reject_WhileBlockedByScan_Rejected()
    {
        using var key = _carol.Load();

        var rejected = await _highSide.Get<ApprovalService>().SignAndSubmitAsync(_batchId, Decisions.Reject, "known vulnerable", key,
            CancellationToken.None);

        Assert.That(rejected.Value?.State, Is.EqualTo(BatchStates.Rejected), rejected.Error?.ToString());
    }

    private async Task<ApprovalStatement> StatementAsync() =>
        (await _highSide.Get<ApprovalService>().StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value!;

    private async Task<TransferPipeline.Hosting.Outcomes.Outcome<DecisionResult>> SubmitAsync(OfficerKey officer, ApprovalStatement statement)
    {
        using var key = officer.Load();
        var signature = key.SignPrehashed(Blake2bHash.Compute(statement.Bytes, 64), statement.TrustedComment, "test");
        return await _highSide.Get<ApprovalService>().SubmitAsync(
            new DecisionRequest(_batchId, Decisions.Approve, statement.Text, signature.ToFileText()), CancellationToken.None);
    }
}
