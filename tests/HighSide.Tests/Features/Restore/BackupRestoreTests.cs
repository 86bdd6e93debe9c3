using System.Formats.Tar;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Restore;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Backup;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Restore;

/// <summary>
/// Issue 19, backups that cannot replay: the real `highside backup` and `highside restore`, a restored high side that refuses
/// import and publish until its replay high-water mark is confirmed, and a batch imported after the backup refused as a replay.
/// </summary>
public sealed class BackupRestoreTests : HighSideScenarioTests
{
    protected override bool UsesRealClock => true;

    private string Archive => Path.Combine(HighSide.Root, "backup.tar");

    private string RestoredRoot => Path.Combine(HighSide.Root, "restored");

    private ProductExecutable Restored => ProductExecutable.HighSide().WithData(RestoredRoot);

    [Test]
    public async Task Restore_IntoFreshDirectory_AuditVerifyPassesAndTheArchiveIsOwnerOnly()
    {
        await ImportFileBatchAsync(1);

        var backup = await HighSide.Cli.SucceedAsync("backup", Archive);
        var restore = await Restored.SucceedAsync("restore", Archive);
        var verify = await Restored.RunAsync("audit", "verify");

        Assert.That(backup.StandardOutput, Does.StartWith($"backed up highside {HighSideHarness.SiteId} to {Archive}"));
        Assert.That(File.GetUnixFileMode(Archive), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "it holds the private key");
        Assert.That(File.ReadAllBytes(Path.Combine(RestoredRoot, "keys", "highside.key")),
            Is.EqualTo(File.ReadAllBytes(HighSide.Data.Combine("keys", "highside.key"))));
        Assert.That(restore.StandardOutput, Does.Contain("marked restored"));
        Assert.That(verify.ExitCode, Is.EqualTo(ExitCodes.Ok), verify.Combined);
        Assert.That(verify.StandardOutput, Does.StartWith("OK:"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(RestoredRoot, "audit.jsonl")), Does.Contain("\"action\":\"backup.restored\""));
    }

    [TestCase("receipt")]
    [TestCase("manual")]
    public async Task Restore_OldBackup_BatchImportedAfterTheBackupIsRefusedAsReplay(string confirmation)
    {
        await ImportFileBatchAsync(1);
        await HighSide.Cli.SucceedAsync("backup", Archive);
        var second = await ImportFileBatchAsync(2);
        var receipt = Path.Combine(HighSide.Root, "receipt.json");
        await HighSide.Cli.SucceedAsync("receipt", "write", receipt);
        await Restored.SucceedAsync("restore", Archive);

        var confirm = confirmation == "receipt"
            ? await Restored.SucceedAsync("restore", "confirm", "--receipt", receipt)
            : await Restored.SucceedAsync("restore", "confirm", "--site", Scenario.SiteId, "--last-sequence", "2");
        var replayed = await Restored.RunAsync("import", second);

        Assert.That(confirm.StandardOutput, Does.Contain($"site {Scenario.SiteId}: sequences up to 2 will not be imported again"));
        Assert.That(replayed.ExitCode, Is.EqualTo(ExitCodes.Failed), replayed.Combined);
        Assert.That(replayed.StandardError, Does.Contain($"[{ImportReasons.Replay}]").And.Contain("high-water mark 2"));
    }

    [Test]
    public async Task ImportAndPublish_BeforeConfirmation_AreRefusedRestoreUnconfirmed()
    {
        await ImportFileBatchAsync(1);
        await HighSide.Cli.SucceedAsync("backup", Archive);
        await Restored.SucceedAsync("restore", Archive);
        var next = await WriteFileBatchAsync(2);

        var import = await Restored.RunAsync("import", next);
        var publish = await Restored.RunAsync("publish", "site-a-000001");
        var restoredData = HighSideHost.Data(RestoredRoot);
        var copied = Directory.Exists(restoredData.BatchDirectory("site-a-000002"));
        var statusBefore = await Restored.SucceedAsync("status");
        await Restored.SucceedAsync("restore", "confirm", "--last-sequence", "1");
        var afterConfirm = await Restored.RunAsync("import", next);
        var statusAfter = await Restored.SucceedAsync("status");

        Assert.That(import.ExitCode, Is.EqualTo(ExitCodes.Failed), import.Combined);
        Assert.That(import.StandardError, Does.Contain($"[{RestoreReasons.Unconfirmed}]"));
        Assert.That(publish.ExitCode, Is.EqualTo(ExitCodes.Failed), publish.Combined);
        Assert.That(publish.StandardError, Does.Contain($"[{RestoreReasons.Unconfirmed}]"));
        Assert.That(copied, Is.False, "nothing was copied into quarantine");
        Assert.That(afterConfirm.ExitCode, Is.EqualTo(ExitCodes.Ok), afterConfirm.Combined);
        Assert.That(statusBefore.StandardOutput, Does.Contain("restore: restored from a backup taken at"), "status says why work is refused");
        Assert.That(statusAfter.StandardOutput, Does.Not.Contain("restore:"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(RestoredRoot, "audit.jsonl")),
            Does.Contain("\"action\":\"restore.confirmed\"").And.Contain("\"actor\":\"operator:"));
    }

    [Test]
    public async Task DatabaseTakenOutOfTheArchiveByHand_IsMarkedRestoredToo()
    {
        await HighSide.Cli.SucceedAsync("backup", Archive);
        var byHand = Path.Combine(HighSide.Root, "by-hand");
        Directory.CreateDirectory(byHand);
        await TarFile.ExtractToDirectoryAsync(Archive, byHand, overwriteFiles: false);
        Directory.Move(Path.Combine(byHand, "data"), RestoredRoot);
        File.Move(Path.Combine(byHand, "database", "sqlite.db"), Path.Combine(RestoredRoot, "highside.db"));

        var import = await Restored.RunAsync("import", await WriteFileBatchAsync(1));

        Assert.That(import.StandardError, Does.Contain($"[{RestoreReasons.Unconfirmed}]"), import.Combined);
    }

    [TestCase("data/highside.json")]
    [TestCase(BackupManifest.SqliteEntry)]
    public async Task Restore_TamperedArchive_IsRefusedAndWritesNothing(string entry)
    {
        await HighSide.Cli.SucceedAsync("backup", Archive);
        FlipByteOf(Archive, entry);

        var restore = await Restored.RunAsync("restore", Archive);

        Assert.That(restore.ExitCode, Is.EqualTo(ExitCodes.Failed), restore.Combined);
        Assert.That(restore.StandardError, Does.Contain($"[{BackupReasons.Tampered}]").And.Contain(entry));
        Assert.That(Directory.Exists(RestoredRoot), Is.False);
        Assert.That(Directory.EnumerateDirectories(HighSide.Root, "restored*"), Is.Empty, "no staging directory left behind");
    }

    [Test]
    public async Task Restore_IntoNonEmptyDirectoryOrOtherSidesBackup_IsRefused()
    {
        await HighSide.Cli.SucceedAsync("backup", Archive);
        Directory.CreateDirectory(RestoredRoot);
        await File.WriteAllTextAsync(Path.Combine(RestoredRoot, "notes.txt"), "mine");

        var occupied = await Restored.RunAsync("restore", Archive);
        var lowSide = await ProductExecutable.LowSide().RunAsync("--data", Path.Combine(HighSide.Root, "low"), "restore", Archive);

        Assert.That(occupied.StandardError, Does.Contain($"[{BackupReasons.DataDirectoryNotEmpty}]"), occupied.Combined);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(RestoredRoot, "notes.txt")), Is.EqualTo("mine"));
        Assert.That(lowSide.StandardError, Does.Contain($"[{BackupReasons.WrongSide}]"), lowSide.Combined);
    }

    private static void FlipByteOf(string archive, string entryName)
    {
        long offset;
        using (var stream = File.OpenRead(archive))
        using (var reader = new TarReader(stream))
        {
            TarEntry? entry;
            while ((entry = reader.GetNextEntry()) is not null && entry.Name != entryName)
            {
            }

            Assert.That(entry, Is.Not.Null, entryName);
            offset = entry!.DataOffset + (entry.Length / 2);
        }

        using var file = new FileStream(archive, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x01));
    }
}
