using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Cli;

/// <summary>`lowside backup` and `lowside restore`: the site's state back in a fresh directory, the content store only when asked.</summary>
public sealed class LowSideBackupTests
{
    private static readonly ProductExecutable Cli = ProductExecutable.LowSide();

    [TestCase(false)]
    [TestCase(true)]
    public async Task BackupThenRestore_IntoFreshDirectory_AuditVerifiesAndTheStoreIsThereOnlyWhenIncluded(bool includeContent)
    {
        using var root = new TempDirectory("lowside-backup");
        var data = root.Combine("data");
        await Cli.SucceedAsync("init", "--data", data, "--site", "site-a", "--no-password");
        var blob = Path.Combine(data, "store", "sha256", "ab", new string('a', 64));
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        await File.WriteAllTextAsync(blob, "gathered");
        var archive = root.Combine("site-a.tar");
        string[] backup = includeContent ? ["backup", archive, "--include-content"] : ["backup", archive];

        await Cli.SucceedAsync(["--data", data, .. backup]);
        await Cli.SucceedAsync("--data", root.Combine("restored"), "restore", archive);
        var verify = await Cli.RunAsync("--data", root.Combine("restored"), "audit", "verify");

        Assert.That(verify.ExitCode, Is.EqualTo(ExitCodes.Ok), verify.Combined);
        Assert.That(File.ReadAllBytes(root.Combine("restored", "keys", "site.key")), Is.EqualTo(File.ReadAllBytes(Path.Combine(data, "keys", "site.key"))));
        Assert.That(File.Exists(blob.Replace(data, root.Combine("restored"), StringComparison.Ordinal)), Is.EqualTo(includeContent));
        Assert.That(Directory.Exists(root.Combine("restored", "store")), Is.True, "the store's directory is there, empty, without content");
    }
}
