using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Support;
using static TransferPipeline.Shared.Audit.AuditAnchorStatus;

namespace TransferPipeline.Shared.Tests.Audit;

/// <summary>
/// THREATS #34: an operator with write access to the database and the checkpoint key can cut or rewrite
/// the log and sign it again, but not the heads that left their reach (receipts, signed statements, syslog).
/// </summary>
public sealed class AuditAnchorTests
{
    private AuditFixture _fixture = null!;
    private List<AuditEntry> _entries = null!;

    private AuditLog Log => _fixture.Log;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = await AuditFixture.CreateAsync();
        _entries = await _fixture.AppendManyAsync(10);
    }

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public async Task HeadAsync_AfterEntries_IsTheNewestEntryUnderTheGivenSource()
    {
        var head = await Log.HeadAsync("receipt 2025-06-01", CancellationToken.None);

        Assert.That(head, Is.EqualTo(new AuditAnchor(10, _entries[^1].Hash, "receipt 2025-06-01")));
    }

    [Test]
    public async Task HeadAsync_EmptyLog_IsNull()
    {
        using var empty = await AuditFixture.CreateAsync();

        Assert.That(await empty.Log.HeadAsync("receipt", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task CheckAnchorsAsync_AnchorsTheLogHolds_Match()
    {
        AuditAnchor[] anchors =
        [
            new(7, _entries[6].Hash, "statement of officer.carol"),
            new(3, _entries[2].Hash.ToUpperInvariant(), "receipt 2025-05-01"),
            (await Log.HeadAsync("syslog on loghost", CancellationToken.None))!,
        ];

        var check = await Log.CheckAnchorsAsync(anchors, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(check.Status, Is.EqualTo(Valid), check.Message);
            Assert.That(check.IsValid, Is.True);
            Assert.That(check.FirstBad, Is.Null);
            Assert.That(check.AnchorsChecked, Is.EqualTo(3));
            Assert.That(check.Message, Is.EqualTo("3 anchors match the audit log"));
        }
    }

    [Test]
    public async Task CheckAnchorsAsync_LogCutAfterTheAnchor_ReportsTruncatedNamingEntryAndSource()
    {
        var anchor = (await Log.HeadAsync("receipt 2025-06-01", CancellationToken.None))!;
        await _fixture.TamperAsync("DELETE FROM audit_entries WHERE sequence > 7");

        var check = await Log.CheckAnchorsAsync([anchor], CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(check.Status, Is.EqualTo(Truncated), check.Message);
            Assert.That(check.FirstBad, Is.EqualTo(anchor));
            Assert.That(check.Message, Is.EqualTo(
                "the log ends at entry 7 but the anchor from receipt 2025-06-01 shows entry 10: the log was cut after the anchor was taken"));
        }
    }

    [Test]
    public async Task CheckAnchorsAsync_HistoryRewrittenAndRechained_ReportsRewritten()
    {
        var anchor = (await Log.HeadAsync("statement of officer.carol", CancellationToken.None))!;
        await _fixture.TamperAsync("UPDATE audit_entries SET actor = 'officer.mallory' WHERE sequence = 4");
        await _fixture.RebuildChainFromAsync(4);

        var check = await Log.CheckAnchorsAsync([anchor], CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await Log.VerifyAsync(CancellationToken.None)).IsValid, Is.True, "the re-chained log alone checks out");
            Assert.That(check.Status, Is.EqualTo(Rewritten), check.Message);
            Assert.That(check.FirstBad, Is.EqualTo(anchor));
            Assert.That(check.Message, Does.StartWith("audit entry 10 has hash "));
            Assert.That(check.Message, Does.EndWith(
                $" but the anchor from statement of officer.carol shows {anchor.Hash[..16]}…: the history was rewritten"));
        }
    }

    [Test]
    public async Task CheckAnchorsAsync_LogRewrittenAndSignedAgainWithTheCheckpointKey_ReportsRewritten()
    {
        var key = HmacCheckpointKey.Create("audit-2025");
        await Log.WriteCheckpointAsync(key, CancellationToken.None);
        var anchor = (await Log.HeadAsync("syslog on loghost", CancellationToken.None))!;
        await _fixture.TamperAsync("UPDATE audit_entries SET subject = 'batch-9999' WHERE sequence = 8; DELETE FROM audit_checkpoints;");
        await _fixture.RebuildChainFromAsync(8);
        File.Delete(Log.CheckpointPath);
        await Log.WriteCheckpointAsync(key, CancellationToken.None);

        var verification = await Log.VerifyAsync(key, CancellationToken.None);
        var check = await Log.CheckAnchorsAsync([anchor], CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verification.IsValid, Is.True, "with the key in hand, checkpoints vouch for the rewrite: " + verification.Message);
            Assert.That(check.Status, Is.EqualTo(Rewritten), check.Message);
        }
    }

    [Test]
    public async Task CheckAnchorsAsync_AnchorsFromSeveralSources_ReportsTheLowestBadOne()
    {
        AuditAnchor[] anchors =
        [
            new(10, _entries[9].Hash, "receipt 2025-06-01"),
            new(9, _entries[8].Hash, "syslog on loghost"),
            new(3, _entries[2].Hash, "receipt 2025-05-01"),
            new(6, _entries[5].Hash, "statement of officer.carol"),
        ];
        await _fixture.TamperAsync("UPDATE audit_entries SET action = 'batch.approved' WHERE sequence = 5; DELETE FROM audit_entries WHERE sequence > 9;");
        await _fixture.RebuildChainFromAsync(5);

        var check = await Log.CheckAnchorsAsync(anchors, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(check.Status, Is.EqualTo(Rewritten), check.Message);
            Assert.That(check.FirstBad, Is.EqualTo(anchors[3]));
            Assert.That(check.Message, Does.StartWith("audit entry 6 has hash ").And.Contain("statement of officer.carol"));
            Assert.That(check.AnchorsChecked, Is.EqualTo(2), "entry 3, then entry 6");
        }
    }

    [Test]
    public async Task CheckAnchorsAsync_SourceWithControlCharacters_IsShownPrintable()
    {
        var check = await Log.CheckAnchorsAsync([new AuditAnchor(11, _entries[9].Hash, "receipt\u001b[2J")], CancellationToken.None);

        Assert.That(check.Message, Does.Contain("anchor from receipt?[2J shows entry 11"));
    }

    [Test]
    public void CheckAnchorsAsync_SequenceBelowOne_Throws()
    {
        Assert.That(
            () => Log.CheckAnchorsAsync([new AuditAnchor(0, AuditEntry.GenesisHash, "receipt")], CancellationToken.None),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
