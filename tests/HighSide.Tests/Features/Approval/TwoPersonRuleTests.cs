using TransferPipeline.Hosting.Outcomes;
using Dapper;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Tests.Features.Approval;

/// <summary>THREATS 17-23: each case of the two-person rule, asserting its reason code.</summary>
public sealed class TwoPersonRuleTests
{
    private BatchScenario _scenario = null!;
    private HighSideHarness _highSide = null!;
    private string _batchId = null!;
    private OfficerKey _carol = null!;
    private OfficerKey _dave = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _scenario = new BatchScenario();
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock);
        await _highSide.TrustAsync(_scenario.Key.PublicKey, "site-a");
        // The image is requested by alice, the file by bob.
        var result = await _highSide.ImportAsync(await _scenario.WriteSimpleVolumeAsync());
        Assert.That(result.State, Is.EqualTo(BatchStates.AwaitingApproval), result.Message);
        _batchId = result.Id;
        _carol = await _highSide.AddOfficerAsync("carol");
        _dave = await _highSide.AddOfficerAsync("dave");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _highSide.DisposeAsync();
        _scenario.Dispose();
    }

    private ApprovalService Approvals => _highSide.Get<ApprovalService>();

    [Test]
    public async Task Approve_TwoDistinctOfficers_Approved()
    {
        Assert.That((await _highSide.ApproveAsync(_batchId, _carol)).Value!.State, Is.EqualTo(BatchStates.AwaitingApproval));

        var second = await _highSide.ApproveAsync(_batchId, _dave);

        Assert.That(second.Value!.State, Is.EqualTo(BatchStates.Approved));
        Assert.That(second.Value.ApprovalsCounted, Is.EqualTo(2));
    }

    [Test]
    public async Task Approve_OneApprovalOnly_NothingPublished()
    {
        await _highSide.ApproveAsync(_batchId, _carol);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var publish = await _highSide.Get<PublishService>().PublishAsync(_batchId, CancellationToken.None);
            Assert.That(publish.Error?.Code, Is.EqualTo(PublishReasons.NotApproved));
        }

        Assert.That(Directory.Exists(_highSide.FilesMirror) ? Directory.EnumerateFiles(_highSide.FilesMirror) : [], Is.Empty);
    }

    [Test]
    public async Task Approve_SameOfficerTwice_CountsOnce()
    {
        await _highSide.ApproveAsync(_batchId, _carol);

        var again = await _highSide.ApproveAsync(_batchId, _carol);

        Assert.That(again.Error?.Code, Is.EqualTo(ApprovalReasons.Duplicate));
        Assert.That((await StateAsync()), Is.EqualTo(BatchStates.AwaitingApproval));
    }

    [Test]
    public async Task Approve_OneKeyRegisteredUnderTwoNames_CountsOnce()
    {
        var carolAlias = await _highSide.AddOfficerAsync("carol-alias", reuse: _carol);
        await _highSide.ApproveAsync(_batchId, _carol);

        var alias = await _highSide.ApproveAsync(_batchId, carolAlias);

        Assert.That(alias.Error?.Code, Is.EqualTo(ApprovalReasons.Duplicate));
        Assert.That(await StateAsync(), Is.EqualTo(BatchStates.AwaitingApproval));
    }

    [Test]
    public async Task Approve_ByOfficerWhoRequestedAnArtifact_Refused()
    {
        var alice = await _highSide.AddOfficerAsync("alice");

        var outcome = await _highSide.ApproveAsync(_batchId, alice);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.Requester));
    }

    [Test]
    public async Task OfficerAdd_KeyWithAnotherOfficersKeyId_Refused()
    {
        var mallory = Path.Combine(_highSide.Root, "mallory");
        Shared.Minisign.KeyPairFiles.WriteNew(mallory, []);
        var carolBytes = Convert.FromBase64String(Shared.Minisign.MinisignPublicKey.Load(_carol.PublicKeyFile).ToBase64());
        var malloryBytes = Convert.FromBase64String(Shared.Minisign.MinisignPublicKey.Load(mallory + ".pub").ToBase64());
        carolBytes.AsSpan(2, 8).CopyTo(malloryBytes.AsSpan(2, 8));
        var lookAlike = Path.Combine(_highSide.Root, "look-alike.pub");
        await File.WriteAllTextAsync(lookAlike, "untrusted comment: look-alike\n" + Convert.ToBase64String(malloryBytes) + "\n");

        var outcome = await _highSide.Get<OfficerService>().AddAsync("mallory", lookAlike, "test", CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo("officer-key-id-clash"));
    }

    [Test]
    public async Task Approve_ByDisabledOfficer_Refused()
    {
        await _highSide.Get<OfficerService>().DisableAsync("dave", "test", CancellationToken.None);

        var outcome = await SubmitSignedAsync(_dave, Statement(_batchId, "approve"), _batchId);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.OfficerDisabled));
    }

    [Test]
    public async Task Approve_OfficerDisabledAfterApproving_ApprovalNoLongerCounts()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        await _highSide.ApproveAsync(_batchId, _dave);
        await _highSide.Get<OfficerService>().DisableAsync("dave", "test", CancellationToken.None);

        var publish = await _highSide.Get<PublishService>().PublishAsync(_batchId, CancellationToken.None);

        Assert.That(publish.Error?.Code, Is.EqualTo(ApprovalReasons.Insufficient));
        Assert.That(publish.Error!.Message, Does.Contain(ApprovalReasons.OfficerDisabled));
    }

    [Test]
    public async Task Approve_UnregisteredKey_Refused()
    {
        var stranger = new OfficerKey("mallory", Path.Combine(_highSide.Root, "mallory"));
        Shared.Minisign.KeyPairFiles.WriteNew(stranger.Prefix, []);

        var outcome = await SubmitSignedAsync(stranger, Statement(_batchId, "approve"), _batchId);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.UnknownOfficer));
    }

    [Test]
    public async Task Approve_SignatureMadeForAnotherBatch_Refused()
    {
        var statement = new ApprovalStatement("site-a-000099", await ManifestShaAsync(), Decisions.Approve).Bytes;

        var outcome = await SubmitSignedAsync(_carol, statement, "site-a-000099");

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.WrongBatch));
    }

    [Test]
    public async Task Approve_SignatureOverAnotherManifestDigest_Refused()
    {
        var statement = new ApprovalStatement(_batchId, new string('a', 64), Decisions.Approve).Bytes;

        var outcome = await SubmitSignedAsync(_carol, statement, _batchId);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.SignatureInvalid));
    }

    [Test]
    public async Task Approve_ExpiredApproval_DoesNotCount()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        _scenario.Clock.Advance(_highSide.Options<ApprovalOptions>().Validity + TimeSpan.FromHours(1));

        var second = await _highSide.ApproveAsync(_batchId, _dave);

        Assert.That(second.Value!.State, Is.EqualTo(BatchStates.AwaitingApproval));
        var batch = await _highSide.Get<BatchRepository>().FindAsync(_batchId, CancellationToken.None);
        var verdicts = await _highSide.Get<ApprovalTally>().EvaluateAsync(batch!, CancellationToken.None);
        Assert.That(verdicts.Single(v => v.Approval.Officer == "carol").DiscountedBecause, Is.EqualTo(ApprovalReasons.Expired));
    }

    [Test]
    public async Task Approve_ForgedRowWrittenIntoDatabase_NotCounted()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        var database = _highSide.Get<SqliteDatabase>();
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO approvals (batch_id, decision, key_id, officer, signature, recorded_utc)
                SELECT batch_id, decision, @keyId, 'dave', signature, recorded_utc FROM approvals LIMIT 1;
                UPDATE batches SET state = 'approved' WHERE id = @batchId;
                """, new { keyId = _dave.Load().PublicKey.KeyIdHex, batchId = _batchId });
        }

        var publish = await _highSide.Get<PublishService>().PublishAsync(_batchId, CancellationToken.None);

        Assert.That(publish.Error?.Code, Is.EqualTo(ApprovalReasons.Insufficient));
        Assert.That(Directory.Exists(_highSide.FilesMirror) ? Directory.EnumerateFiles(_highSide.FilesMirror) : [], Is.Empty);
    }

    [Test]
    public async Task Approve_MadeWithStockMinisign_Counts()
    {
        ProcessRunner.Require("minisign");
        await _highSide.ApproveAsync(_batchId, _carol);
        var statementFile = Path.Combine(_highSide.Root, "statement.txt");
        var statement = await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None);
        await File.WriteAllTextAsync(statementFile, statement.Value);
        var signed = await ProcessRunner.RunAsync("minisign",
            ["-S", "-s", _dave.SecretKeyFile, "-m", statementFile, "-t", ApprovalStatement.TrustedCommentFor(_batchId, Decisions.Approve)], standardInput: "");
        Assert.That(signed.ExitCode, Is.Zero, signed.Combined);

        var outcome = await Approvals.SubmitAsync(
            new DecisionRequest(_batchId, Decisions.Approve, null, await File.ReadAllTextAsync(statementFile + ".minisig")), CancellationToken.None);

        Assert.That(outcome.Error, Is.Null);
        Assert.That(outcome.Value!.State, Is.EqualTo(BatchStates.Approved));
        Assert.That(outcome.Value.Officer, Is.EqualTo("dave"), "the name comes from the registry");
    }

    [Test]
    public async Task Reject_OneRejection_EndsTheBatchForGood()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        using var key = _dave.Load();
        var rejected = await Approvals.SignAndSubmitAsync(_batchId, Decisions.Reject, "not needed any more", "dave", key, CancellationToken.None);
        Assert.That(rejected.Value!.State, Is.EqualTo(BatchStates.Rejected));
        var erin = await _highSide.AddOfficerAsync("erin");

        var late = await _highSide.ApproveAsync(_batchId, erin);
        var publish = await _highSide.Get<PublishService>().PublishAsync(_batchId, CancellationToken.None);

        Assert.That(late.Error?.Code, Is.EqualTo(ApprovalReasons.NotAwaitingApproval));
        Assert.That(publish.Error?.Code, Is.EqualTo(PublishReasons.NotPublishable));
    }

    [Test]
    public async Task Decisions_ApprovalRefusalAndRejection_AllInTheAuditTrailWithWhoAndWhat()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        await _highSide.ApproveAsync(_batchId, _carol);
        using (var key = _dave.Load())
        {
            await Approvals.SignAndSubmitAsync(_batchId, Decisions.Reject, "wrong version", "dave", key, CancellationToken.None);
        }

        var entries = new List<Shared.Audit.AuditEntry>();
        await foreach (var entry in _highSide.Get<Shared.Audit.AuditLog>().ReadAsync(0, CancellationToken.None))
        {
            entries.Add(entry);
        }

        Assert.That(entries, Has.One.Matches<Shared.Audit.AuditEntry>(e => e.Action == "approval.recorded" && e.Actor == "carol" && e.Subject == _batchId));
        Assert.That(entries, Has.One.Matches<Shared.Audit.AuditEntry>(
            e => e.Action == "approval.refused" && e.DetailsJson.Contains(ApprovalReasons.Duplicate, StringComparison.Ordinal)));
        Assert.That(entries, Has.One.Matches<Shared.Audit.AuditEntry>(
            e => e.Action == "rejection.recorded" && e.Actor == "dave"
                && e.DetailsJson.Contains("wrong version", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Approve_Committed_DatabaseRunsWalWithSynchronousFull()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        await using var connection = await _highSide.Get<SqliteDatabase>().OpenAsync(CancellationToken.None);

        Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
        Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"), Is.EqualTo(2), "FULL");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM approvals"), Is.EqualTo(1));
    }

    [Test]
    public async Task Approve_RequiredBelowTwo_RefusedAtStart()
    {
        var ex = Assert.CatchAsync(async () => await HighSideHarness.CreateAsync(_scenario.Clock, json => json["Approval"]!["Required"] = 1));

        Assert.That(ex!.Message, Does.Contain("at least 2"));
    }

    private async Task<string> StateAsync() =>
        (await _highSide.Get<BatchRepository>().FindAsync(_batchId, CancellationToken.None))!.State;

    private async Task<string> ManifestShaAsync() =>
        (await _highSide.Get<BatchRepository>().FindAsync(_batchId, CancellationToken.None))!.ManifestSha256!;

    private byte[] Statement(string batchId, string decision) =>
        new ApprovalStatement(batchId, ManifestShaAsync().GetAwaiter().GetResult(), decision).Bytes;

    private async Task<Outcome<DecisionResult>> SubmitSignedAsync(OfficerKey officer, byte[] statement, string commentBatch)
    {
        using var key = officer.Load();
        var signature = key.SignPrehashed(Blake2bHash.Compute(statement, 64), ApprovalStatement.TrustedCommentFor(commentBatch, Decisions.Approve), "test");
        return await Approvals.SubmitAsync(new DecisionRequest(_batchId, Decisions.Approve, null, signature.ToFileText()), CancellationToken.None);
    }
}
