using System.CommandLine;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Cli;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>`highside officer ...`: security officers and their personal approval keys.</summary>
internal static class OfficerCommands
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The officer's name" };
        var key = new Option<string>("--key") { Description = "The officer's minisign public key (.pub)", Required = true };
        var add = new Command("add", "Register a security officer and their approval key") { name, key };
        add.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<OfficerService>().AddAsync(parse.GetValue(name)!, parse.GetValue(key)!, HostUser.Actor, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            CliConsole.Line($"officer {outcome.Value.Name} registered with key {outcome.Value.KeyId}");
            return ExitCodes.Ok;
        }, ct));

        var list = new Command("list", "List officers") { CommonOptions.Json };
        list.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var officers = await services.GetRequiredService<OfficerService>().ListAsync(token);
            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(officers);
                return ExitCodes.Ok;
            }

            foreach (var o in officers)
            {
                CliConsole.Line($"{o.Name}  key {o.KeyId}  {(o.IsActive ? "active" : $"disabled {o.DisabledUtc:u}")}");
            }

            return ExitCodes.Ok;
        }, ct));

        var disableName = new Argument<string>("NAME") { Description = "The officer's name" };
        var disable = new Command("disable", "Disable an officer: their approvals no longer count") { disableName };
        disable.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<OfficerService>().DisableAsync(parse.GetValue(disableName)!, HostUser.Actor, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            CliConsole.Line($"officer {outcome.Value.Name} disabled");
            return ExitCodes.Ok;
        }, ct));

        return new Command("officer", "Manage security officers and their approval keys")
        {
            KeygenCommand.Create("Create an officer's personal approval key pair (minisign format)"),
            add,
            list,
            disable,
        };
    }
}
