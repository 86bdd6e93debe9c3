using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TransferPipeline.Hosting.Backup;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Hosting.Backup;

/// <summary>A backup archive is checked whole against its manifest before a restore writes anything: hostile and broken archives.</summary>
public sealed class BackupArchiveReaderTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public enum Damage
    {
        EntryNotInManifest,
        EntryOutsideTheArchive,
        SymbolicLink,
        NoManifest,
        EntryAfterManifest,
        HashInManifestDiffers,
    }

    [Test]
    public async Task Verify_ArchiveAsWritten_ReturnsItsManifest()
    {
        using var root = new TempDirectory("backup-reader");
        var file = root.Combine("config.json");
        await File.WriteAllTextAsync(file, "{}\n");
        var log = root.Combine("audit.jsonl");
        await File.WriteAllTextAsync(log, "{\"sequence\":1}\n{\"sequence\":2,\"half");
        var archive = root.Combine("backup.tar");

        await BackupArchiveWriter.WriteAsync(archive, Manifest([]), [new("data/config.json", file, null), new("data/audit.jsonl", log, 15)],
            DateTimeOffset.UtcNow, CancellationToken.None);
        var verified = await BackupArchiveReader.VerifyAsync(archive, CancellationToken.None);

        Assert.That(verified.IsOk, Is.True, verified.Error?.ToString());
        Assert.That(verified.Value!.Entries.Select(e => (e.Path, e.Bytes)), Is.EqualTo(new[] { ("data/config.json", 3L), ("data/audit.jsonl", 15L) }));
        Assert.That(verified.Value.Entries[0].Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData("{}\n"u8))));
    }

    [TestCase(Damage.EntryNotInManifest, BackupReasons.Tampered, "not in the manifest")]
    [TestCase(Damage.EntryOutsideTheArchive, BackupReasons.Tampered, "outside the archive")]
    [TestCase(Damage.SymbolicLink, BackupReasons.Tampered, "SymbolicLink")]
    [TestCase(Damage.NoManifest, BackupReasons.Tampered, "no MANIFEST.json")]
    [TestCase(Damage.EntryAfterManifest, BackupReasons.Tampered, "follows the manifest")]
    [TestCase(Damage.HashInManifestDiffers, BackupReasons.Tampered, "the manifest says")]
    public async Task Verify_DamagedArchive_IsRefusedWithReason(Damage damage, string reason, string message)
    {
        using var root = new TempDirectory("backup-reader");
        var archive = root.Combine("backup.tar");
        var content = Encoding.UTF8.GetBytes("site state");
        var listed = new BackupEntry("data/state", content.Length,
            Convert.ToHexStringLower(SHA256.HashData(damage == Damage.HashInManifestDiffers ? [.. content, 0] : content)));
        await using (var stream = File.Create(archive))
        await using (var tar = new TarWriter(stream, TarEntryFormat.Pax))
        {
            Add(tar, "data/state", content);
            Add(tar, damage switch
            {
                Damage.EntryNotInManifest => "data/extra",
                Damage.EntryOutsideTheArchive => "data/../../etc/cron.d/evil",
                _ => null,
            }, content);
            if (damage == Damage.SymbolicLink)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "data/link") { LinkName = "/etc/shadow" });
            }

            Add(tar, damage == Damage.NoManifest ? null : BackupManifest.EntryName, JsonSerializer.SerializeToUtf8Bytes(Manifest([listed]), Web));
            Add(tar, damage == Damage.EntryAfterManifest ? "data/late" : null, content);
        }

        var verified = await BackupArchiveReader.VerifyAsync(archive, CancellationToken.None);

        Assert.That(verified.Error?.Code, Is.EqualTo(reason));
        Assert.That(verified.Error!.Message, Does.Contain(message));
    }

    [Test]
    public async Task Verify_TruncatedArchive_IsRefusedAsUnreadable()
    {
        using var root = new TempDirectory("backup-reader");
        var file = root.Combine("big.bin");
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(100_000));
        var archive = root.Combine("backup.tar");
        await BackupArchiveWriter.WriteAsync(archive, Manifest([]), [new("data/big.bin", file, null)], DateTimeOffset.UtcNow, CancellationToken.None);
        await using (var stream = new FileStream(archive, FileMode.Open))
        {
            stream.SetLength(50_000);
        }

        var verified = await BackupArchiveReader.VerifyAsync(archive, CancellationToken.None);

        Assert.That(verified.Error?.Code, Is.EqualTo(BackupReasons.Unreadable), verified.Error?.ToString());
    }

    private static void Add(TarWriter tar, string? name, byte[] content)
    {
        if (name is not null)
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        }
    }

    private static BackupManifest Manifest(IReadOnlyList<BackupEntry> entries) => new()
    {
        FormatVersion = BackupManifest.CurrentFormatVersion,
        Side = "highside",
        SiteId = "high-a",
        ProductVersion = "test",
        SchemaVersion = 1,
        DatabaseProvider = DatabaseProvider.Sqlite,
        CreatedUtc = DateTimeOffset.UtcNow,
        IncludesContent = false,
        Entries = entries,
    };
}
