using Dapper;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Support;
using static TransferPipeline.Shared.Audit.AuditVerificationStatus;

namespace TransferPipeline.Shared.Tests.Audit;

/// <summary>
/// THREATS #25: a log whose checkpoints were removed together with its tail verifies as a shorter chain,
/// so with a checkpoint verifier every entry must be covered by a valid checkpoint; and a checkpoint
/// written in the caller's transaction commits with the entries it covers.
/// </summary>
public sealed class AuditCoverageTests
{
    private AuditFixture _fixture = null!;
    private HmacCheckpointKey _key = null!;

    private AuditLog Log => _fixture.Log;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = await AuditFixture.CreateAsync();
        _key = HmacCheckpointKey.Create("audit-2025");
        await _fixture.AppendManyAsync(10);
    }

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public async Task Verify_TailCutAndEveryCheckpointRemoved_ReportsUncoveredFromTheFirstEntry()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.TamperAsync("DELETE FROM audit_entries WHERE sequence > 7; DELETE FROM audit_checkpoints;");
        File.Delete(Log.CheckpointPath);
        File.Delete(Log.MirrorPath);

        var result = await Log.VerifyAsync(_key, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            AuditFixture.AssertFails(result, Uncovered, 1);
            Assert.That(result.Message, Is.EqualTo(
                "audit entries 1..7 are not covered by a signed checkpoint: written after the last checkpoint, or the checkpoints were removed"));
            Assert.That(result.CheckpointsVerified, Is.Zero);
            Assert.That((await Log.VerifyAsync(CancellationToken.None)).IsValid, Is.True, "the chain alone cannot tell");
        }
    }

    [TestCase(1, "audit entry 11 is not covered")]
    [TestCase(3, "audit entries 11..13 are not covered")]
    public async Task Verify_EntriesAfterTheLastCheckpoint_ReportsUncoveredFromTheFirstOfThem(int appended, string message)
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.AppendManyAsync(appended);

        var result = await Log.VerifyAsync(_key, CancellationToken.None);

        AuditFixture.AssertFails(result, Uncovered, 11);
        Assert.That(result.Message, Does.StartWith(message));
        Assert.That(result.EntriesVerified, Is.EqualTo(10));
    }

    [Test]
    public async Task Verify_OnlyAnOlderCheckpointInTheSideFile_ReportsTheEntriesAfterIt()
    {
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.AppendManyAsync(2);
        await Log.WriteCheckpointAsync(_key, CancellationToken.None);
        await _fixture.TamperAsync("DELETE FROM audit_checkpoints");
        var lines = await File.ReadAllLinesAsync(Log.CheckpointPath);
        await File.WriteAllLinesAsync(Log.CheckpointPath, lines[..1]);

        AuditFixture.AssertFails(await Log.VerifyAsync(_key, CancellationToken.None), Uncovered, 11);
    }

    [Test]
    public async Task Verify_OnlyCheckpointByAnUnknownKey_ReportsTheForgeryRatherThanUncovered()
    {
        await Log.WriteCheckpointAsync(HmacCheckpointKey.Create("stolen-laptop"), CancellationToken.None);

        AuditFixture.AssertFails(await Log.VerifyAsync(_key, CancellationToken.None), CheckpointSignatureInvalid, 10);
    }

    [Test]
    public async Task Verify_EditedEntryAndNoCheckpoint_ReportsTheEditRatherThanUncovered()
    {
        await _fixture.TamperAsync("UPDATE audit_entries SET actor = 'officer.mallory' WHERE sequence = 4");

        AuditFixture.AssertFails(await Log.VerifyAsync(_key, CancellationToken.None), HashMismatch, 4);
    }

    [Test]
    public async Task VerifyWithoutCheckpoints_NoCheckpointAtAll_IsValid()
    {
        // The low side signs no checkpoints and verifies its chain alone.
        Assert.That((await Log.VerifyAsync(CancellationToken.None)).Status, Is.EqualTo(Valid));
    }

    [Test]
    public async Task WriteCheckpointAsync_InCallersTransaction_CommitsWithTheEntriesAndReachesTheSideFileAtTheNextSync()
    {
        await using (var connection = await _fixture.Database.OpenAsync(CancellationToken.None))
        await using (var transaction = connection.BeginTransaction())
        {
            await Log.AppendAsync(connection, transaction, "officer.bob", "approval.recorded", "b1", null, CancellationToken.None);
            var checkpoint = await Log.WriteCheckpointAsync(connection, transaction, _key, CancellationToken.None);
            Assert.That(checkpoint.Sequence, Is.EqualTo(11), "the head as the transaction sees it");
            transaction.Commit();
        }

        var beforeSync = await Log.VerifyAsync(_key, CancellationToken.None);
        await Log.SyncMirrorAsync(CancellationToken.None);
        await Log.SyncMirrorAsync(CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(beforeSync.Status, Is.EqualTo(Valid), "covered as soon as it commits: " + beforeSync.Message);
            Assert.That(AuditJsonLines.TryParseCheckpoint((await File.ReadAllLinesAsync(Log.CheckpointPath)).Single())?.Sequence, Is.EqualTo(11));
            Assert.That((await Log.VerifyAsync(_key, CancellationToken.None)).CheckpointsVerified, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task WriteCheckpointAsync_InCallersTransactionRolledBack_LeavesNoCheckpointAnywhere()
    {
        await using (var connection = await _fixture.Database.OpenAsync(CancellationToken.None))
        await using (var transaction = connection.BeginTransaction())
        {
            await Log.WriteCheckpointAsync(connection, transaction, _key, CancellationToken.None);
            transaction.Rollback();
        }

        await Log.SyncMirrorAsync(CancellationToken.None);

        await using var reader = await _fixture.Database.OpenAsync(CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await reader.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_checkpoints"), Is.Zero);
            Assert.That(File.Exists(Log.CheckpointPath), Is.False);
        }
    }
}
