using System.CommandLine;
using System.Globalization;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Users;

/// <summary>`lowside user add|list|disable` and `lowside token create|list|revoke`: local users and their API tokens.</summary>
internal static class UserCommands
{
    public static Command User()
    {
        var name = new Argument<string>("NAME") { Description = "The user's name (their requests are local:NAME)" };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", UserRoles.All)}", Required = true };
        var add = new Command("add", "Add a local user who signs in to the API with personal tokens") { name, role };
        add.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<UserService>().AddAsync(parse.GetValue(name)!, parse.GetValue(role)!, HostUser.Actor, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            CliConsole.Line($"user {outcome.Value.Name} added ({outcome.Value.Role}); create a token with 'lowside token create {outcome.Value.Name}'");
            return ExitCodes.Ok;
        }, ct));

        var list = new Command("list", "List local users") { CommonOptions.Json };
        list.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var users = await services.GetRequiredService<UserService>().ListAsync(token);
            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(users);
                return ExitCodes.Ok;
            }

            foreach (var u in users)
            {
                CliConsole.Line($"{u.Name}  {u.Role}  {(u.IsActive ? "active" : $"disabled {u.DisabledUtc:u}")}");
            }

            return ExitCodes.Ok;
        }, ct));

        var disabled = new Argument<string>("NAME");
        var disable = new Command("disable", "Disable a user: their tokens stop working") { disabled };
        disable.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<UserService>().DisableAsync(parse.GetValue(disabled)!, HostUser.Actor, token);
            return outcome.IsOk ? Done($"user {outcome.Value.Name} disabled") : CliFailures.Exit(outcome.Error);
        }, ct));

        return new Command("user", "Local users of the HTTP API and the web console") { add, list, disable, Passwords.PasswordCommand.Create() };
    }

    public static Command Token()
    {
        var name = new Argument<string>("NAME") { Description = "The user the token is for" };
        var days = new Option<int>("--expires-days") { Description = "Days until the token expires (default 90)", DefaultValueFactory = _ => 90 };
        var create = new Command("create", "Create a personal API token; it is shown once and kept only as a hash") { name, days };
        create.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<UserService>().CreateTokenAsync(parse.GetValue(name)!, parse.GetValue(days), HostUser.Actor,
                token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            CliConsole.Line(outcome.Value.Token);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"token {outcome.Value.Record.Id} for {outcome.Value.Record.UserName}, expires {outcome.Value.Record.ExpiresUtc:u}; it is not shown again"));
            return ExitCodes.Ok;
        }, ct));

        var list = new Command("list", "List tokens (never the tokens themselves)") { CommonOptions.Json };
        list.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var tokens = await services.GetRequiredService<UserService>().ListTokensAsync(token);
            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(tokens);
                return ExitCodes.Ok;
            }

            foreach (var t in tokens)
            {
                CliConsole.Line($"{t.Id}  {t.UserName}  expires {t.ExpiresUtc:u}{(t.RevokedUtc is null ? "" : $"  revoked {t.RevokedUtc:u}")}");
            }

            return ExitCodes.Ok;
        }, ct));

        var id = new Argument<string>("ID");
        var revoke = new Command("revoke", "Revoke a token at once") { id };
        revoke.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<UserService>().RevokeTokenAsync(parse.GetValue(id)!, HostUser.Actor, token);
            return outcome.IsOk ? Done($"token {outcome.Value} revoked") : CliFailures.Exit(outcome.Error);
        }, ct));

        return new Command("token", "Personal API tokens") { create, list, revoke };
    }

    private static int Done(string message)
    {
        CliConsole.Line(message);
        return ExitCodes.Ok;
    }
}
