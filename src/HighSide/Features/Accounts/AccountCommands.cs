using System.CommandLine;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>`highside account add|list|disable|reset-password|reset-2fa`: who signs in to the daemon.</summary>
internal static class AccountCommands
{
    public static Command Create()
    {
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the one-time password from the first line of stdin instead of making one",
        };

        var name = new Argument<string>("NAME") { Description = "The account name (a-z 0-9 . _ -)" };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", AccountRoles.All)}", Required = true };
        var officer = new Option<string?>("--officer") { Description = "An officer account's officer on the roster in force: key id or name" };
        var add = new Command("add", "Add an account; prints a one-time password, changed at the first sign-in") { name, role, officer, passwordStdin };
        add.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<AccountService>().AddAsync(parse.GetValue(name)!, parse.GetValue(role)!,
                parse.GetValue(officer), ReadPassword(parse.GetValue(passwordStdin)), HostUser.Actor, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            var account = outcome.Value.Account;
            Announce(outcome.Value, $"account {account.Name} added ({account.Role}{(account.Officer is null ? "" : $", officer {account.Officer}")})");
            return ExitCodes.Ok;
        }, ct));

        var list = new Command("list", "List accounts (never passwords or secrets)") { CommonOptions.Json };
        list.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var accounts = await services.GetRequiredService<AccountService>().ListAsync(token);
            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(accounts);
                return ExitCodes.Ok;
            }

            foreach (var a in accounts)
            {
                CliConsole.Line($"{a.Name}  {a.Role}{(a.Officer is null ? "" : $" ({a.Officer})")}  totp {(a.TotpEnrolled ? "enrolled" : "not enrolled")}"
                    + $"  security keys {a.SecurityKeys}  {(a.IsActive ? "active" : $"disabled {a.DisabledUtc:u}")}");
            }

            return ExitCodes.Ok;
        }, ct));

        return new Command("account", "Accounts that sign in to the daemon's HTTP API and pages")
        {
            add, list, Disable(), ResetPassword(passwordStdin), ResetSecondFactors(), IssueTotp(),
        };
    }

    private static Command Disable()
    {
        var name = new Argument<string>("NAME");
        var disable = new Command("disable", "Disable an account: its sessions end at their next request") { name };
        disable.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<AccountService>().DisableAsync(parse.GetValue(name)!, HostUser.Actor, token);
            return outcome.IsOk ? Done($"account {outcome.Value.Name} disabled") : CliFailures.Exit(outcome.Error);
        }, ct));
        return disable;
    }

    private static Command ResetPassword(Option<bool> passwordStdin)
    {
        var name = new Argument<string>("NAME");
        var reset = new Command("reset-password", "Set a one-time password (printed, or from stdin); the account's sessions end") { name, passwordStdin };
        reset.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<AccountService>().ResetPasswordAsync(parse.GetValue(name)!,
                ReadPassword(parse.GetValue(passwordStdin)), HostUser.Actor, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            Announce(outcome.Value, $"password of {outcome.Value.Account.Name} reset");
            return ExitCodes.Ok;
        }, ct));
        return reset;
    }

    private static Command ResetSecondFactors()
    {
        var name = new Argument<string>("NAME");
        var reset = new Command("reset-2fa", "Forget the account's authenticator and security keys: it enrols again at its next sign-in") { name };
        reset.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<AccountService>().ResetSecondFactorsAsync(parse.GetValue(name)!, HostUser.Actor, token);
            return outcome.IsOk ? Done($"second factors of {outcome.Value.Name} reset; it enrols again at its next sign-in") : CliFailures.Exit(outcome.Error);
        }, ct));
        return reset;
    }

    private static Command IssueTotp()
    {
        var name = new Argument<string>("NAME");
        var issue = new Command("issue-totp",
            "Make the account's authenticator secret now and print it (base32, then its otpauth:// URI), for handing over in person; "
            + "the first code at sign-in confirms it") { name };
        issue.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<AccountService>().IssueTotpAsync(parse.GetValue(name)!, HostUser.Actor, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            CliConsole.Line(outcome.Value.Secret);
            CliConsole.Line(outcome.Value.ProvisioningUri);
            Console.Error.WriteLine($"authenticator secret of {outcome.Value.Account} issued; it is not shown again");
            return ExitCodes.Ok;
        }, ct));
        return issue;
    }

    private static string? ReadPassword(bool fromStdin) => fromStdin ? Console.In.ReadLine() ?? "" : null;

    // The password alone on stdout, so a script can take it; the rest on stderr.
    private static void Announce(NewPassword result, string what)
    {
        if (result.Generated is not null)
        {
            CliConsole.Line(result.Generated);
            Console.Error.WriteLine($"{what}; the one-time password above is not shown again and must be changed at the first sign-in");
        }
        else
        {
            Console.Error.WriteLine($"{what}; the password must be changed at the first sign-in");
        }
    }

    private static int Done(string message)
    {
        CliConsole.Line(message);
        return ExitCodes.Ok;
    }
}
