using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Accounts;

/// <summary>An account change and its audit entry commit together: when the entry cannot be written, the change is not made.</summary>
public sealed class AccountAuditTests
{
    [Test]
    public async Task AccountAdd_AuditTrailCannotSignItsCheckpoint_NoAccountWithoutItsEntry()
    {
        using var root = new TempDirectory("account-audit");
        var (highside, password) = await SiteWithAnEncryptedKeyAsync(root);
        // The key's password is not to hand (the file moved away): the trail cannot sign the checkpoint of a new entry.
        File.Move(password, password + ".away");

        var add = await highside.RunAsync("account", "add", "mallory", "--role", "operator");

        File.Move(password + ".away", password);
        Assert.That(add.ExitCode, Is.Not.Zero, add.ToString());
        Assert.That((await highside.SucceedAsync("account", "list")).StandardOutput, Does.Not.Contain("mallory"), "no account without its audit entry");
        await highside.SucceedAsync("audit", "verify");
    }

    [Test]
    public async Task IssueTotp_AuditTrailCannotSignItsCheckpoint_NoSecretLeftPendingWithoutItsEntry()
    {
        using var root = new TempDirectory("account-audit");
        var (highside, password) = await SiteWithAnEncryptedKeyAsync(root);
        await highside.SucceedAsync("account", "add", "ivan", "--role", "operator");
        File.Move(password, password + ".away");

        var issue = await highside.RunAsync("account", "issue-totp", "ivan");

        File.Move(password + ".away", password);
        Assert.That(issue.ExitCode, Is.Not.Zero, issue.ToString());
        var pending = await OperatorSqlShell.Sqlite(root.Combine("data", "highside.db")).RunAsync(
            "SELECT COALESCE(totp_secret, 'none') FROM accounts WHERE name = 'ivan';");
        Assert.That(pending.Trim(), Is.EqualTo("none"), "no secret that no one was shown and no entry records");
        await highside.SucceedAsync("audit", "verify");
    }

    // A high side whose site key is encrypted, with the password's file; the trail signs each entry's checkpoint with the key.
    private static async Task<(ProductExecutable HighSide, string Password)> SiteWithAnEncryptedKeyAsync(TempDirectory root)
    {
        var password = root.Combine("site-key.password");
        await File.WriteAllTextAsync(password, "a site key password long enough\n");
        var highside = ProductExecutable.HighSide().WithData(root.Combine("data"));
        await highside.SucceedAsync("init", "--site", "high-a", "--files", root.Combine("mirror"), "--password-file", password);
        return (highside, password);
    }
}
