using System.CommandLine;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.Shared.Cli;

/// <summary>
/// `keygen --out PREFIX [--no-password] [--password-file FILE]`: writes PREFIX.key (0600, minisign
/// secret-key format, scrypt-encrypted unless --no-password) and PREFIX.pub. Used by `lowside keygen`
/// for the site key and `highside officer keygen` for an officer's personal key.
/// </summary>
public static class KeygenCommand
{
    public static Command Create(string description)
    {
        var output = new Option<string>("--out") { Description = "Path prefix: writes PREFIX.key and PREFIX.pub", Required = true };
        var noPassword = new Option<bool>("--no-password") { Description = "Store the secret key unencrypted (for an unattended daemon)" };
        var passwordFile = new Option<string?>("--password-file")
        {
            Description = "Read the key password from this file (else TP_KEY_PASSWORD, else the terminal)",
        };
        var command = new Command("keygen", description) { output, noPassword, passwordFile };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(noPassword), parse.GetValue(passwordFile)));
        return command;
    }

    private static int Run(string prefix, bool noPassword, string? passwordFile)
    {
        char[] password = [];
        try
        {
            if (!noPassword)
            {
                password = KeyPasswordSource.ReadForNewKey(passwordFile);
            }

            var publicKey = KeyPairFiles.WriteNew(prefix, password, null);
            CliConsole.Line($"key id     {publicKey.KeyIdHex}");
            CliConsole.Line($"secret key {prefix}.key ({(noPassword ? "unencrypted" : "encrypted with scrypt")}, mode 0600)");
            CliConsole.Line($"public key {prefix}.pub");
            CliConsole.Line($"public key (minisign -P): {publicKey.ToBase64()}");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or KeyPasswordException or UnauthorizedAccessException)
        {
            return CliConsole.Fail(ex.Message);
        }
        finally
        {
            Array.Clear(password);
        }
    }
}
