using System.CommandLine;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.LowSide.Features.Setup;

/// <summary>`lowside init --data DIR --site SITE_ID [--no-password] [--password-file FILE]`.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var site = new Option<string>("--site") { Description = "This low side's site id, e.g. site-a", Required = true };
        var noPassword = new Option<bool>("--no-password") { Description = "Leave the site key unencrypted (for an unattended daemon)" };
        var passwordFile = new Option<string?>("--password-file")
        {
            Description = "Read the new key's password from this file (else TP_KEY_PASSWORD, else the terminal)",
        };
        var command = new Command("init", "Create a data directory: configuration, database, content store and the site's signing key")
        {
            site, noPassword, passwordFile,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(site)!, parse.GetValue(noPassword), parse.GetValue(passwordFile), parse, ct));
        return command;
    }

    private static async Task<int> RunAsync(string site, bool noPassword, string? passwordFile, ParseResult parse, CancellationToken ct)
    {
        var data = LowSideHost.Side.ResolveData(parse);
        if (data is null)
        {
            return CliConsole.Usage($"pass --data DIR or set {LowSideHost.Side.DataVariable}");
        }

        char[] password = [];
        try
        {
            password = noPassword ? [] : KeyPasswordSource.ReadForNewKey(passwordFile);
            var outcome = await InitService.InitializeAsync(data, site, password, TimeProvider.System, ct);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error!);
            }

            CliConsole.Line($"initialised {data.Root} for site {site}");
            CliConsole.Line($"key id     {outcome.Value!.KeyIdHex}");
            CliConsole.Line($"public key {data.SiteKeyPrefix}.pub (give it to the high side)");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is KeyPasswordException or IOException or UnauthorizedAccessException)
        {
            return CliConsole.Fail(ex.Message);
        }
        finally
        {
            Array.Clear(password);
        }
    }
}
