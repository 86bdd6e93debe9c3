using Dapper;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Approval;

/// <summary>THREATS 17-23 and 32-35: each case of the two-person rule, asserting its reason code.</summary>
public sealed class TwoPersonRuleTests(DatabaseProvider provider) : ProviderFixture(provider)
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
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, provider: Provider);
        await _highSide.TrustAsync(_scenario.Key.PublicKey, "site-a");
        // The image is requested by local:alice, the file by local:bob.
        var result = await _highSide.ImportAsync(await _scenario.WriteSimpleVolumeAsync());
        _batchId = result.Id;
        _carol = await _highSide.AddOfficerAsync("carol");
        _dave = await _highSide.AddOfficerAsync("dave");
        Assert.That(await StateAsync(), Is.EqualTo(BatchStates.AwaitingApproval), result.Message);
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
        Assert.That(await StateAsync(), Is.EqualTo(BatchStates.AwaitingApproval));
    }

    [Test]
    public async Task Approve_SignatureNamingAnotherKeyId_IsStillTheSameOfficerAndCountsOnce()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        var statement = (await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value!;

        var twin = await SubmitAsync(_carol, statement, WithKeyIdByteFlipped);

        Assert.That(twin.Error?.Code, Is.EqualTo(ApprovalReasons.Duplicate), "the raw key is the officer; the key id is a label");
        Assert.That(await StateAsync(), Is.EqualTo(BatchStates.AwaitingApproval));
    }

    [Test]
    public async Task RosterAdd_SameKeyUnderAnotherNameAndKeyId_RefusedKeyDuplicate()
    {
        var twin = _carol.ToRosterOfficer() with { Name = "carol-hsm", PublicKey = TwinKeyLine(_carol) };

        var outcome = await _highSide.ChangeRosterAsync(new AddOfficer(twin), _carol, _dave);

        Assert.That(outcome.Error?.Code, Is.EqualTo(OfficerReasons.KeyDuplicate));
        Assert.That((await _highSide.Get<RosterService>().CurrentAsync(CancellationToken.None))!.Officers.Select(o => o.Name),
            Is.EquivalentTo(new[] { "carol", "dave" }));
    }

    [Test]
    public async Task Approve_ByOfficerWhoRequestedAnArtifact_Refused()
    {
        var alice = await _highSide.AddOfficerAsync("alice");

        var outcome = await _highSide.ApproveAsync(_batchId, alice);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.Requester));
    }

    [TestCase("local:ALICE")]
    [TestCase(" Local:Alice ")]
    [TestCase("local:\uFF41\uFF4C\uFF49\uFF43\uFF45")]
    public async Task Approve_ByOfficerHoldingTheRequesterUnderAnotherSpelling_Refused(string spelling)
    {
        var erin = await _highSide.AddOfficerAsync("erin", spelling);

        var outcome = await _highSide.ApproveAsync(_batchId, erin);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.Requester), $"erin holds {spelling}, the same identity as local:alice");
    }

    [Test]
    public async Task Approve_KeyWithAnotherOfficersKeyId_IsNotThatOfficer()
    {
        var mallory = new OfficerKey("mallory", Path.Combine(_highSide.Root, "mallory"));
        KeyPairFiles.WriteNew(mallory.Prefix, []);
        var statement = (await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value!;
        var carolKeyId = MinisignPublicKey.Load(_carol.PublicKeyFile).KeyId.ToArray();

        var outcome = await SubmitAsync(mallory, statement, signature => WithKeyId(signature, carolKeyId));

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.SignatureInvalid));
    }

    [Test]
    public async Task Approve_ByDisabledOfficer_Refused()
    {
        var erin = await _highSide.AddOfficerAsync("erin");
        Assert.That((await _highSide.ChangeRosterAsync(new DisableOfficer("dave"), _carol, erin)).Value?.State, Is.EqualTo(RosterProposal.InForce));

        var outcome = await _highSide.ApproveAsync(_batchId, _dave);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.OfficerDisabled));
    }

    [Test]
    public async Task Approve_OfficerDisabledAfterApproving_ApprovalNoLongerCounts()
    {
        var erin = await _highSide.AddOfficerAsync("erin");
        await _highSide.ApproveAsync(_batchId, _carol);
        await _highSide.ApproveAsync(_batchId, _dave);
        await _highSide.ChangeRosterAsync(new DisableOfficer("dave"), _carol, erin);

        var publish = await _highSide.Get<PublishService>().PublishAsync(_batchId, CancellationToken.None);

        Assert.That(publish.Error?.Code, Is.EqualTo(ApprovalReasons.Insufficient));
        Assert.That(publish.Error!.Message, Does.Contain(ApprovalReasons.OfficerDisabled));
    }

    [Test]
    public async Task Approve_KeyNotOnTheRoster_Refused()
    {
        var stranger = new OfficerKey("mallory", Path.Combine(_highSide.Root, "mallory"));
        KeyPairFiles.WriteNew(stranger.Prefix, []);
        var statement = (await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value!;

        var outcome = await SubmitAsync(stranger, statement);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.UnknownOfficer));
    }

    [Test]
    public async Task Approve_StatementForAnotherBatch_Refused()
    {
        var statement = (await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value! with
        {
            BatchId = "site-a-000099",
        };

        var outcome = await SubmitAsync(_carol, statement);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.WrongBatch));
    }

    [Test]
    public async Task Approve_StatementOverAnotherManifestDigest_Refused()
    {
        var statement = (await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value! with
        {
            ManifestSha256 = new string('a', 64),
        };

        var outcome = await SubmitAsync(_carol, statement);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.WrongManifest));
    }

    [Test]
    public async Task Approve_StatementWithAnotherPublishPlan_RefusedPublishPlanMismatch()
    {
        var statement = (await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value!;
        var first = statement.PublishPlan[0];
        var renamed = first.Insert(first.IndexOf(' ', StringComparison.Ordinal) + 1, "renamed-");
        var edited = statement with { PublishPlan = [renamed, .. statement.PublishPlan.Skip(1)] };

        var outcome = await SubmitAsync(_carol, edited);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.PlanMismatch));
    }

    [Test]
    public async Task Approve_StatementPinningAnAuditEntryTheTrailDoesNotHold_Refused()
    {
        var statement = (await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value!;
        var forged = statement with { AuditHead = statement.AuditHead with { Hash = new string('f', 64) } };

        var outcome = await SubmitAsync(_carol, forged);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.HistoryRewritten));
    }

    [Test]
    public async Task Approve_ExpiredApproval_DoesNotCount()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        _scenario.Clock.Advance(_highSide.Options<ApprovalOptions>().Validity + TimeSpan.FromHours(1));

        var second = await _highSide.ApproveAsync(_batchId, _dave);

        Assert.That(second.Value!.State, Is.EqualTo(BatchStates.AwaitingApproval));
        var batch = await _highSide.Get<BatchRepository>().FindAsync(_batchId, CancellationToken.None);
        var tally = await _highSide.Get<ApprovalTally>().EvaluateAsync(batch!, CancellationToken.None);
        Assert.That(tally.Verdicts.Single(v => v.Approval.Officer == "carol").DiscountedBecause, Is.EqualTo(ApprovalReasons.Expired));
    }

    [Test]
    public async Task Publish_ACopyOfAnApprovalWrittenExpiredIntoABatchMarkedPublishing_RefusedBatchStateUnaudited()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        // The operator's attack: a copy of carol's genuine row, dated long ago, and the batch marked as publishing, when
        // an expired approval no longer stops a publish half-way.
        await using (var connection = await _highSide.Get<Database>().OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO approvals (batch_id, decision, key_id, officer, signature, statement, recorded_utc)
                SELECT batch_id, decision, key_id, officer, signature, statement, @longAgo FROM approvals;
                UPDATE batches SET state = 'publishing' WHERE id = @batchId;
                """, new { longAgo = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), batchId = _batchId });
        }

        var publish = await _highSide.Get<PublishService>().PublishAsync(_batchId, CancellationToken.None);

        // The trail never recorded publish.started, so expiry still applies, and the publish is refused before any tally.
        Assert.That(publish.Error?.Code, Is.EqualTo(PublishReasons.StateUnaudited));
        Assert.That(publish.Error!.Message, Does.Contain("last recorded it awaiting-approval"));
        var batch = await _highSide.Get<BatchRepository>().FindAsync(_batchId, CancellationToken.None);
        var tally = await _highSide.Get<ApprovalTally>().EvaluateAsync(batch!, CancellationToken.None);
        Assert.That(tally.Counted, Is.EqualTo(1), "the copy counts once at most, expired or not");
        Assert.That(Directory.Exists(_highSide.FilesMirror) ? Directory.EnumerateFiles(_highSide.FilesMirror) : [], Is.Empty);
    }

    [Test]
    public async Task Publish_ResumedAfterTheOtherOfficerWasDisabled_AnOfficerWhoApprovedAgainAfterExpiryCountsOnce()
    {
        var erin = await _highSide.AddOfficerAsync("erin");
        await _highSide.ApproveAsync(_batchId, _carol);
        _scenario.Clock.Advance(_highSide.Options<ApprovalOptions>().Validity + TimeSpan.FromHours(1));
        Assert.That((await _highSide.ApproveAsync(_batchId, _carol)).IsOk, Is.True, "carol's first approval expired, so she may approve again");
        Assert.That((await _highSide.ApproveAsync(_batchId, _dave)).Value!.State, Is.EqualTo(BatchStates.Approved));
        // As a publish killed half-way leaves it (its start committed and audited); dave is disabled before it resumes.
        await _highSide.Get<BatchTransitions>().MoveAsync(_batchId, BatchStates.Publishing, "publish.started", CancellationToken.None);

        Assert.That((await _highSide.ChangeRosterAsync(new DisableOfficer("dave"), _carol, erin)).Value?.State, Is.EqualTo(RosterProposal.InForce));

        var publish = await _highSide.Get<PublishService>().PublishAsync(_batchId, CancellationToken.None);

        Assert.That(publish.Error?.Code, Is.EqualTo(ApprovalReasons.Insufficient));
        Assert.That(publish.Error!.Message, Does.Contain("1 valid approval(s) of 2").And.Contain(ApprovalReasons.OfficerDisabled));
    }

    [Test]
    public async Task Approve_ForgedRowWrittenIntoDatabase_NotCounted()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        var database = _highSide.Get<Database>();
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO approvals (batch_id, decision, key_id, officer, signature, statement, recorded_utc)
                SELECT batch_id, decision, @keyId, 'dave', signature, statement, recorded_utc FROM approvals LIMIT 1;
                """, new { keyId = _dave.Load().PublicKey.KeyIdHex });
        }

        // The next event re-runs the gates; the row is checked like any other.
        var advanced = await _highSide.Get<BatchPipeline>().AdvanceAsync(_batchId, CancellationToken.None);
        var tally = await _highSide.Get<ApprovalTally>().EvaluateAsync(advanced!, CancellationToken.None);
        var publish = await _highSide.Get<PublishService>().PublishAsync(_batchId, CancellationToken.None);

        Assert.That(advanced!.State, Is.EqualTo(BatchStates.AwaitingApproval));
        Assert.That(tally.Verdicts.Single(v => v.Approval.Officer == "dave").DiscountedBecause, Is.EqualTo(ApprovalReasons.Duplicate));
        Assert.That(publish.Error?.Code, Is.EqualTo(PublishReasons.NotApproved));
        Assert.That(Directory.Exists(_highSide.FilesMirror) ? Directory.EnumerateFiles(_highSide.FilesMirror) : [], Is.Empty);
    }

    [Test]
    public async Task Approve_MadeWithStockMinisign_Counts()
    {
        ProcessRunner.Require("minisign");
        await _highSide.ApproveAsync(_batchId, _carol);
        var statementFile = Path.Combine(_highSide.Root, "statement.txt");
        var statement = await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None);
        await File.WriteAllTextAsync(statementFile, statement.Value!.Text);
        var signed = await ProcessRunner.RunAsync("minisign",
            ["-S", "-s", _dave.SecretKeyFile, "-m", statementFile, "-t", ApprovalStatement.TrustedCommentFor(_batchId, Decisions.Approve)], standardInput: "");
        Assert.That(signed.ExitCode, Is.Zero, signed.Combined);

        var outcome = await Approvals.SubmitAsync(
            new DecisionRequest(_batchId, Decisions.Approve, statement.Value.Text, await File.ReadAllTextAsync(statementFile + ".minisig")),
            CancellationToken.None);

        Assert.That(outcome.Error, Is.Null);
        Assert.That(outcome.Value!.State, Is.EqualTo(BatchStates.Approved));
        Assert.That(outcome.Value.Officer, Is.EqualTo("dave"), "the name comes from the roster");
    }

    [Test]
    public async Task Submit_StatementPaddedPastOneMiB_RefusedStatementTooLarge()
    {
        // An officer signs a statement padded with waivers past the 1 MiB any statement may take.
        var statement = (await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value!;
        var padded = statement with { Waived = [.. Enumerable.Range(0, 2100).Select(i => $"padding-{i:D4}-" + new string('x', 500))] };
        Assert.That(padded.ByteCount, Is.GreaterThan(ApprovalStatement.MaxBytes));

        var outcome = await SubmitAsync(_carol, padded);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.StatementTooLarge));
        Assert.That(await StateAsync(), Is.EqualTo(BatchStates.AwaitingApproval));
    }

    [Test]
    public async Task Submit_SignatureWithoutItsStatement_RefusedStatementMissing()
    {
        var statement = (await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value!;
        using var key = _carol.Load();
        var signature = key.SignPrehashed(Blake2bHash.Compute(statement.Bytes, 64), statement.TrustedComment, "test").ToFileText();

        var outcome = await Approvals.SubmitAsync(new DecisionRequest(_batchId, Decisions.Approve, "", signature), CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.StatementMissing));
    }

    [Test]
    public async Task Submit_StatementWithoutASignature_RefusedSignatureMalformed()
    {
        var statement = (await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value!;

        var outcome = await Approvals.SubmitAsync(new DecisionRequest(_batchId, Decisions.Approve, statement.Text, ""), CancellationToken.None);

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.SignatureMalformed));
    }

    [Test]
    public async Task Submit_DecisionNeitherApproveNorReject_RefusedDecisionUnknown()
    {
        var statement = (await Approvals.StatementAsync(_batchId, Decisions.Approve, null, CancellationToken.None)).Value!;

        var outcome = await SubmitAsync(_carol, statement with { Decision = "abstain" });

        Assert.That(outcome.Error?.Code, Is.EqualTo(ApprovalReasons.DecisionUnknown));
    }

    [Test]
    public async Task Reject_OneRejection_EndsTheBatchForGood()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        using var key = _dave.Load();
        var rejected = await Approvals.SignAndSubmitAsync(_batchId, Decisions.Reject, "not needed any more", key, CancellationToken.None);
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
            await Approvals.SignAndSubmitAsync(_batchId, Decisions.Reject, "wrong version", key, CancellationToken.None);
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
        Assert.That(entries, Has.One.Matches<Shared.Audit.AuditEntry>(
            e => e.Action == "roster.changed" && e.DetailsJson.Contains("carol", StringComparison.Ordinal)
                && e.DetailsJson.Contains("dave", StringComparison.Ordinal)), "the founding of the roster, with its signers");
    }

    [Test]
    public async Task Approve_Committed_DatabaseCommitsDurably()
    {
        await _highSide.ApproveAsync(_batchId, _carol);
        await using var connection = await _highSide.Get<Database>().OpenAsync(CancellationToken.None);

        if (Provider == DatabaseProvider.PostgreSql)
        {
            Assert.That(await connection.ExecuteScalarAsync<string>("SHOW synchronous_commit"), Is.EqualTo("on"));
        }
        else
        {
            Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"), Is.EqualTo(2), "FULL");
        }

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

    // The key line with one byte of its key id changed: the same person's key under another label.
    private static string TwinKeyLine(OfficerKey officer)
    {
        var bytes = Convert.FromBase64String(MinisignPublicKey.Load(officer.PublicKeyFile).ToBase64());
        bytes[2] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }

    private static string WithKeyIdByteFlipped(string signature)
    {
        var parsed = MinisignSignature.Parse(signature);
        var keyId = parsed.KeyId.ToArray();
        keyId[0] ^= 0x01;
        return WithKeyId(signature, keyId);
    }

    // minisign does not sign the key id: anyone can rewrite it in a signature file.
    private static string WithKeyId(string signature, byte[] keyId)
    {
        var lines = signature.Split('\n');
        var bytes = Convert.FromBase64String(lines[1]);
        keyId.CopyTo(bytes, 2);
        lines[1] = Convert.ToBase64String(bytes);
        return string.Join('\n', lines);
    }

    private async Task<Outcome<DecisionResult>> SubmitAsync(OfficerKey officer, ApprovalStatement statement, Func<string, string>? tamper = null)
    {
        using var key = officer.Load();
        var signature = key.SignPrehashed(Blake2bHash.Compute(statement.Bytes, 64), statement.TrustedComment, "test").ToFileText();
        return await Approvals.SubmitAsync(
            new DecisionRequest(_batchId, statement.Decision, statement.Text, tamper?.Invoke(signature) ?? signature), CancellationToken.None);
    }
}
