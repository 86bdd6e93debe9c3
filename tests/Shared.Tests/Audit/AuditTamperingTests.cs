using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Support;
using static TransferPipeline.Shared.Audit.AuditVerificationStatus;

namespace TransferPipeline.Shared.Tests.Audit;

/// <summary>
/// THREATS #24 and #25: each tampering is done straight in SQLite, as someone with write access to
/// the database file would, and verification must name the first bad entry and why.
/// </summary>
public sealed class AuditTamperingTests
{
    private AuditFixture _fixture = null!;
    private HmacCheckpointKey _key = null!;
    private List<AuditEntry> _entries = null!;

    private AuditLog Log => _fixture.Log;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = await AuditFixture.CreateAsync();
        _key = HmacCheckpointKey.Create("audit-2025");
        _entries = await _fixture.AppendManyAsync(10);
    }

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public async Task Verify_UntouchedLogWithCheckpoints_IsValid()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.AppendManyAsync(2);
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);

        var result = await Log.VerifyAsync(_key, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(Valid));
            Assert.That(result.EntriesVerified, Is.EqualTo(12));
            Assert.That(result.CheckpointsVerified, Is.EqualTo(4), "two in the table, two in the side file");
        }
    }

    [Test]
    public async Task Verify_ActorEdited_ReportsHashMismatchAtThatEntry()
    {
        await _fixture.TamperAsync("UPDATE audit_entries SET actor = 'officer.mallory' WHERE sequence = 7");

        var result = await Log.VerifyAsync(CancellationToken.None);

        AuditFixture.AssertFails(result, HashMismatch, 7);
        Assert.That(result.Message, Is.EqualTo("audit entry 7 was altered: its hash does not match its content"));
    }

    [Test]
    public async Task Verify_DetailsEdited_ReportsHashMismatchAtThatEntry()
    {
        await _fixture.TamperAsync("""UPDATE audit_entries SET details_json = '{"index":4,"site":"south"}' WHERE sequence = 5""");

        AuditFixture.AssertFails(await Log.VerifyAsync(CancellationToken.None), HashMismatch, 5);
    }

    [Test]
    public async Task Verify_TimestampEdited_ReportsHashMismatchAtThatEntry()
    {
        await _fixture.TamperAsync("UPDATE audit_entries SET timestamp_utc = '2024-12-31T23:59:00.0000000+00:00' WHERE sequence = 3");

        AuditFixture.AssertFails(await Log.VerifyAsync(CancellationToken.None), HashMismatch, 3);
    }

    [Test]
    public async Task Verify_TimestampRewrittenAsTheSameInstant_ReportsHashMismatchAtThatEntry()
    {
        var sameInstant = _entries[2].Timestamp.ToOffset(TimeSpan.FromHours(2)).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await _fixture.TamperAsync("UPDATE audit_entries SET timestamp_utc = @sameInstant WHERE sequence = 3", new { sameInstant });

        AuditFixture.AssertFails(await Log.VerifyAsync(CancellationToken.None), HashMismatch, 3);
    }

    [Test]
    public async Task Verify_EntryEditedAndItsHashRecomputed_ReportsBrokenLinkAtTheNextEntry()
    {
        await _fixture.TamperAsync("UPDATE audit_entries SET action = 'batch.approved' WHERE sequence = 4");
        await _fixture.RebuildChainFromAsync(4);
        await _fixture.TamperAsync("UPDATE audit_entries SET previous_hash = @Hash WHERE sequence = 5", new { _entries[3].Hash });

        var result = await Log.VerifyAsync(CancellationToken.None);

        AuditFixture.AssertFails(result, BrokenLink, 5);
        Assert.That(result.Message, Is.EqualTo("audit entry 5 does not link to entry 4 before it: entries were deleted, inserted or reordered"));
    }

    [Test]
    public async Task Verify_MiddleEntryDeleted_ReportsBrokenLinkAtTheEntryAfterIt()
    {
        await _fixture.TamperAsync("DELETE FROM audit_entries WHERE sequence = 5");

        var result = await Log.VerifyAsync(CancellationToken.None);

        AuditFixture.AssertFails(result, BrokenLink, 6);
        Assert.That(result.Message, Does.Contain("audit entry 6 does not link to entry 4 before it"));
        Assert.That(result.EntriesVerified, Is.EqualTo(4));
    }

    [Test]
    public async Task Verify_FirstEntryDeleted_ReportsBrokenLinkAtEntryTwo()
    {
        await _fixture.TamperAsync("DELETE FROM audit_entries WHERE sequence = 1");

        var result = await Log.VerifyAsync(CancellationToken.None);

        AuditFixture.AssertFails(result, BrokenLink, 2);
        Assert.That(result.Message, Does.Contain("does not link to the start of the log"));
    }

    [Test]
    public async Task Verify_ForgedEntryInserted_ReportsBrokenLinkAtTheForgery()
    {
        // Make room at 5, then insert an entry whose hash is right for its own content; the forger
        // cannot also make entry 6 link to it without rewriting everything after.
        await _fixture.TamperAsync("""
            UPDATE audit_entries SET sequence = sequence + 1000000 WHERE sequence >= 5;
            UPDATE audit_entries SET sequence = sequence - 999999 WHERE sequence > 1000000;
            """);
        const string timestamp = "2025-01-01T00:04:30.0000000+00:00";
        const string details = """{"reason":"looked fine"}""";
        var previousHash = _entries[2].Hash;
        var hash = AuditHasher.ComputeEntryHash(5, timestamp, "officer.mallory", "approval.recorded", "batch-0666", details, previousHash);
        await _fixture.TamperAsync(
            """
            INSERT INTO audit_entries (sequence, timestamp_utc, actor, action, subject, details_json, previous_hash, hash)
            VALUES (5, @timestamp, 'officer.mallory', 'approval.recorded', 'batch-0666', @details, @previousHash, @hash)
            """,
            new { timestamp, details, previousHash, hash });

        var result = await Log.VerifyAsync(CancellationToken.None);

        AuditFixture.AssertFails(result, BrokenLink, 5);
    }

    [Test]
    public async Task Verify_TwoEntriesSwapped_ReportsBrokenLinkAtTheFirstOfThem()
    {
        await _fixture.TamperAsync("""
            UPDATE audit_entries SET sequence = 1000 WHERE sequence = 4;
            UPDATE audit_entries SET sequence = 4 WHERE sequence = 5;
            UPDATE audit_entries SET sequence = 5 WHERE sequence = 1000;
            """);

        var result = await Log.VerifyAsync(CancellationToken.None);

        AuditFixture.AssertFails(result, BrokenLink, 4);
    }

    [Test]
    public async Task Verify_EntryDeletedAndChainRebuilt_ReportsSequenceGap()
    {
        await _fixture.TamperAsync("DELETE FROM audit_entries WHERE sequence = 6");
        await _fixture.RebuildChainFromAsync(7);

        var result = await Log.VerifyAsync(CancellationToken.None);

        AuditFixture.AssertFails(result, SequenceGap, 7);
        Assert.That(result.Message, Does.Contain("audit entry 7 follows entry 5"));
    }

    [Test]
    public async Task Verify_NewestEntriesCutOff_ReportsTruncatedAgainstTheCheckpoint()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.TamperAsync("DELETE FROM audit_entries WHERE sequence > 7");

        var result = await Log.VerifyAsync(_key, CancellationToken.None);

        AuditFixture.AssertFails(result, Truncated, 8);
        Assert.That(result.Message, Is.EqualTo("the log ends at entry 7 but a signed checkpoint covers entry 10: entries were removed"));
    }

    [Test]
    public async Task Verify_NewestEntriesAndCheckpointRowsCutOff_ReportsTruncatedFromTheSideFile()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.TamperAsync("DELETE FROM audit_entries WHERE sequence > 7; DELETE FROM audit_checkpoints;");

        AuditFixture.AssertFails(await Log.VerifyAsync(_key, CancellationToken.None), Truncated, 8);
    }

    [Test]
    public async Task Verify_AllEntriesCutOff_ReportsTruncatedOnAnEmptyLog()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.TamperAsync("DELETE FROM audit_entries");

        var result = await Log.VerifyAsync(_key, CancellationToken.None);

        AuditFixture.AssertFails(result, Truncated, 1);
        Assert.That(result.Message, Does.StartWith("the log is empty but a signed checkpoint covers entry 10"));
    }

    [Test]
    public async Task VerifyWithoutCheckpoints_NewestEntriesCutOff_CannotTell()
    {
        // Why checkpoints exist: a clean cut at the end leaves a perfectly valid shorter chain.
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.TamperAsync("DELETE FROM audit_entries WHERE sequence > 7");

        Assert.That((await Log.VerifyAsync(CancellationToken.None)).Status, Is.EqualTo(Valid));
    }

    [Test]
    public async Task Verify_ForgedCheckpointSignature_ReportsCheckpointSignatureInvalid()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        var forged = Convert.ToBase64String(HmacCheckpointKey.Create("audit-2025").Sign("forged"u8));
        await _fixture.TamperAsync("UPDATE audit_checkpoints SET signature = @forged", new { forged });

        var result = await Log.VerifyAsync(_key, CancellationToken.None);

        AuditFixture.AssertFails(result, CheckpointSignatureInvalid, 10);
        Assert.That(result.Message, Does.Contain("checkpoint for audit entry 10 (key audit-2025) has an invalid signature"));
    }

    [Test]
    public async Task Verify_CheckpointMovedToAnotherEntry_ReportsCheckpointSignatureInvalid()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.TamperAsync("UPDATE audit_checkpoints SET sequence = 6, hash = @Hash", new { _entries[5].Hash });

        AuditFixture.AssertFails(await Log.VerifyAsync(_key, CancellationToken.None), CheckpointSignatureInvalid, 6);
    }

    [Test]
    public async Task Verify_CheckpointByUnknownKey_ReportsCheckpointSignatureInvalid()
    {
        await Log.WriteCheckpointAsync(HmacCheckpointKey.Create("stolen-laptop"), CancellationToken.None);

        AuditFixture.AssertFails(await Log.VerifyAsync(_key, CancellationToken.None), CheckpointSignatureInvalid, 10);
    }

    [Test]
    public async Task Verify_CheckpointSideFileLineEdited_ReportsCheckpointSignatureInvalid()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        var line = (await File.ReadAllTextAsync(Log.CheckpointPath)).Replace(_entries[9].Hash, _entries[8].Hash, StringComparison.Ordinal)
            .Replace("\"sequence\":10", "\"sequence\":9", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Log.CheckpointPath, line);

        AuditFixture.AssertFails(await Log.VerifyAsync(_key, CancellationToken.None), CheckpointSignatureInvalid, 9);
    }

    [Test]
    public async Task Verify_CheckpointSideFileGarbled_ReportsTheLine()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await File.AppendAllTextAsync(Log.CheckpointPath, "not a checkpoint\n");

        var result = await Log.VerifyAsync(_key, CancellationToken.None);

        AuditFixture.AssertFails(result, CheckpointSignatureInvalid, null);
        Assert.That(result.Message, Does.StartWith("line 2 of the checkpoint file"));
    }

    [Test]
    public async Task Verify_CheckpointSideFileWithUnterminatedLastLine_IgnoresItAsACrashLeftover()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await File.AppendAllTextAsync(Log.CheckpointPath, """{"sequence":10,"ha""");

        Assert.That((await Log.VerifyAsync(_key, CancellationToken.None)).Status, Is.EqualTo(Valid));
    }

    [Test]
    public async Task Verify_ChainRewrittenAfterCheckpoint_ReportsCheckpointMismatch()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.TamperAsync("UPDATE audit_entries SET actor = 'officer.mallory' WHERE sequence = 2");
        await _fixture.RebuildChainFromAsync(2);

        var result = await Log.VerifyAsync(_key, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await Log.VerifyAsync(CancellationToken.None)).Status, Is.EqualTo(Valid), "the rebuilt chain alone checks out");
            AuditFixture.AssertFails(result, CheckpointMismatch, 10);
            Assert.That(result.Message, Does.StartWith("audit entry 10 does not match the checkpoint signed by audit-2025"));
        }
    }

    [Test]
    public async Task Verify_SeveralTamperings_ReportsTheFirst()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.TamperAsync("""
            UPDATE audit_entries SET subject = 'batch-9999' WHERE sequence = 8;
            DELETE FROM audit_entries WHERE sequence = 3;
            """);

        AuditFixture.AssertFails(await Log.VerifyAsync(_key, CancellationToken.None), BrokenLink, 4);
    }
}
