using TransferPipeline.Shared.Persistence;
using TransferPipeline.HighSide.Kinds.Deb;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Kinds.Deb;

/// <summary>The high side's own apt archive key: made by init, owner-only, shown to operators by `highside debian-key`.</summary>
[OnBothProviders]
public sealed class SiteArchiveKeyTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    [Test]
    public async Task Init_MakesTheKeyOwnerOnly_DebianKeyShowsItsFingerprintAndExportsItsPublicKey()
    {
        var file = SiteArchiveKey.GeneratedKeyFile(HighSide.Data);
        var key = await HighSide.Get<SiteArchiveKey>().LoadAsync(CancellationToken.None);
        var exported = Path.Combine(HighSide.Root, "site.asc");

        var shown = await HighSide.Cli.SucceedAsync("debian-key", "--export", exported);

        Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(shown.StandardOutput, Does.Contain($"fingerprint {key.Fingerprint}").And.Contain(file));
        Assert.That(await File.ReadAllTextAsync(exported), Is.EqualTo(key.PublicArmoured()));
        var gpg = await ProcessRunner.RunAsync("gpg", ["--batch", "--with-colons", "--show-keys", exported]);
        Assert.That(gpg.StandardOutput, Does.Contain($"fpr:::::::::{key.Fingerprint}:"));
        Assert.That(await HighSide.AuditEntriesAsync(SiteArchiveKey.CreatedAction), Is.Empty, "made by init, not on first need");
    }

    [Test]
    public async Task LoadAsync_DataDirectoryWithoutAKey_GeneratesItOnceAndAuditsIt()
    {
        File.Delete(SiteArchiveKey.GeneratedKeyFile(HighSide.Data));
        var archive = HighSide.Get<SiteArchiveKey>();

        var first = await archive.LoadAsync(CancellationToken.None);
        var again = await archive.LoadAsync(CancellationToken.None);

        Assert.That(again.Fingerprint, Is.EqualTo(first.Fingerprint));
        Assert.That(File.Exists(SiteArchiveKey.GeneratedKeyFile(HighSide.Data)), Is.True);
        var created = (await HighSide.AuditEntriesAsync(SiteArchiveKey.CreatedAction)).Single();
        Assert.That(created.Subject, Is.EqualTo(first.Fingerprint));
    }
}
