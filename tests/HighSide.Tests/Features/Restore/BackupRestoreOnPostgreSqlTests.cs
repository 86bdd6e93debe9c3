using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Backup;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Restore;

/// <summary>
/// Backup and restore of a high side on PostgreSQL, with Debian's pg_dump and pg_restore: restored into an empty database,
/// its audit verifies, a batch imported after the backup is refused as a replay once the mark is confirmed, and a database
/// that already has tables is refused.
/// </summary>
public sealed class BackupRestoreOnPostgreSqlTests() : HighSideScenarioTests(DatabaseProvider.PostgreSql)
{
    protected override bool UsesRealClock => true;

    [Test]
    public async Task Restore_OldBackupIntoEmptyDatabase_VerifiesAndRefusesTheLaterBatchAsReplay()
    {
        var archive = Path.Combine(HighSide.Root, "backup.tar");
        await ImportFileBatchAsync(1);
        var backup = await HighSide.Cli.SucceedAsync("backup", archive);
        var second = await ImportFileBatchAsync(2);
        var server = (await HighSideServers.PostgreSqlAsync()).Server;
        var empty = await server.CreateDatabaseAsync();
        var restored = ProductExecutable.HighSide().WithData(Path.Combine(HighSide.Root, "restored"));

        await restored.SucceedAsync("restore", archive, "--connection-string", empty);
        var verify = await restored.RunAsync("audit", "verify");
        var unconfirmed = await restored.RunAsync("import", second);
        await restored.SucceedAsync("restore", "confirm", "--last-sequence", "2");
        var replayed = await restored.RunAsync("import", second);
        var occupied = await ProductExecutable.HighSide().WithData(Path.Combine(HighSide.Root, "again"))
            .RunAsync("restore", archive, "--connection-string", empty);

        Assert.That(backup.StandardOutput, Does.Contain("PostgreSql schema"));
        Assert.That(verify.ExitCode, Is.EqualTo(ExitCodes.Ok), verify.Combined);
        Assert.That(unconfirmed.StandardError, Does.Contain("[restore-unconfirmed]"), unconfirmed.Combined);
        Assert.That(replayed.StandardError, Does.Contain($"[{ImportReasons.Replay}]"), replayed.Combined);
        Assert.That(occupied.StandardError, Does.Contain($"[{BackupReasons.TargetNotEmpty}]"), occupied.Combined);
    }
}
