using Dapper;
using Microsoft.Data.Sqlite;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.HighSide.Tests.Features.Audit;

/// <summary>THREATS 24-25 through the real `highside audit verify`.</summary>
public sealed class AuditVerifyCommandTests : HighSideScenarioTests
{
    [SetUp]
    public async Task ImportAndApproveAsync()
    {
        var id = (await HighSide.ImportAsync(await Scenario.WriteSimpleVolumeAsync())).Id;
        await PublishedBatchFlow.ApproveAsync(HighSide, id);
    }

    [Test]
    public async Task AuditVerify_IntactTrail_Succeeds()
    {
        var result = await HighSide.Cli.RunAsync("audit", "verify");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("checkpoints verified"));
    }

    [TestCase("edited", "DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET actor = 'mallory' WHERE sequence = 4;", 4, "HashMismatch")]
    [TestCase("deleted", "DROP TRIGGER audit_entries_no_delete; DELETE FROM audit_entries WHERE sequence = 4;", 4, "")]
    [TestCase("reordered",
        "DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET sequence = sequence + 1000000 WHERE sequence IN (4, 5); "
        + "UPDATE audit_entries SET sequence = 5 WHERE sequence = 1000004; UPDATE audit_entries SET sequence = 4 WHERE sequence = 1000005;",
        4, "")]
    [TestCase("inserted",
        "INSERT INTO audit_entries (sequence, timestamp_utc, actor, action, subject, details_json, previous_hash, hash) "
        + "SELECT MAX(sequence) + 1, '2026-11-22T08:00:00.0000000+00:00', 'mallory', 'approval.recorded', 'x', '{}', hash, hash "
        + "FROM audit_entries WHERE sequence = (SELECT MAX(sequence) FROM audit_entries);",
        -1, "")]
    [TestCase("truncated",
        "DROP TRIGGER audit_entries_no_delete; DELETE FROM audit_entries WHERE sequence >= (SELECT MAX(sequence) - 1 FROM audit_entries);",
        -2, "Truncated")]
    public async Task AuditVerify_TamperedTrail_FailsNamingFirstBadEntry(string tampering, string sql, int expectedEntry, string expectedStatus)
    {
        long max;
        await using (var connection = new SqliteConnection($"Data Source={HighSide.Data.DatabaseFile};Pooling=False"))
        {
            await connection.OpenAsync();
            max = await connection.ExecuteScalarAsync<long>("SELECT MAX(sequence) FROM audit_entries");
            await connection.ExecuteAsync(sql);
        }

        // -1: the entry appended after the last one; -2: the first of the entries cut off.
        var entry = expectedEntry switch { -1 => max + 1, -2 => max - 1, _ => expectedEntry };
        var result = await HighSide.Cli.RunAsync("audit", "verify");

        Assert.That(result.ExitCode, Is.EqualTo(1), $"{tampering}: {result}");
        Assert.That(result.StandardError, Does.Contain($"entry {entry}"), $"{tampering}: {result}");
        Assert.That(result.StandardError, Does.Contain(expectedStatus), $"{tampering}: {result}");
    }

    [Test]
    public async Task AuditVerify_TailCutAndEveryCheckpointRemoved_FailsNamingTheFirstUncoveredEntry()
    {
        // The insider of THREATS 25 who also knows about checkpoints: triggers dropped, the tail cut, the
        // checkpoint rows, the checkpoint side file and the mirror deleted. The shorter chain is intact.
        await using (var connection = new SqliteConnection($"Data Source={HighSide.Data.DatabaseFile};Pooling=False"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("""
                DROP TRIGGER audit_entries_no_delete;
                DROP TRIGGER audit_checkpoints_no_delete;
                DELETE FROM audit_entries WHERE sequence >= (SELECT MAX(sequence) - 1 FROM audit_entries);
                DELETE FROM audit_checkpoints;
                """);
        }

        var log = HighSide.Get<AuditLog>();
        File.Delete(log.CheckpointPath);
        File.Delete(log.MirrorPath);

        var result = await HighSide.Cli.RunAsync("audit", "verify");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain("audit trail broken at entry 1 [Uncovered]"), result.ToString());
        Assert.That(result.StandardError, Does.Contain("are not covered by a signed checkpoint: written after the last checkpoint, "
            + "or the checkpoints were removed"), result.ToString());
    }

    [Test]
    public async Task AuditExport_WritesEveryEntryAsJsonLines()
    {
        var file = Path.Combine(HighSide.Root, "export.jsonl");

        var result = await HighSide.Cli.RunAsync("audit", "export", file);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var lines = await File.ReadAllLinesAsync(file);
        Assert.That(lines, Has.Some.Contains("approval.recorded"));
        Assert.That(lines, Has.Some.Contains("volume.imported"));
        Assert.That(lines, Has.Some.Contains("trust.key-added"));
    }
}
