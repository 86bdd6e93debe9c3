using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>
/// `highside officer ...`: the roster in force, and changes to it. A change (found, add, disable, rotate,
/// link) changes nothing by itself: it is a proposal that takes effect when the officers sign it.
/// </summary>
internal static class OfficerCommands
{
    public static Command Create() => new("officer", "Security officers: the signed roster and proposals to change it")
    {
        KeygenCommand.Create("Create an officer's personal key pair (minisign format), on the officer's own machine"),
        List(),
        Found(),
        Add(),
        Disable(),
        Rotate(),
        Link(),
        RosterProposalCommands.Proposals(),
        RosterProposalCommands.Proposal(),
        RosterProposalCommands.SignProposal(),
    };

    private static Command List()
    {
        var command = new Command("list", "Show the roster in force: version, threshold, officers, their keys and requester identities")
        {
            CommonOptions.Json,
        };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var rosters = services.GetRequiredService<RosterService>();
            var roster = await rosters.CurrentAsync(token);
            if (await rosters.ForDecisionsAsync(token) is { IsOk: false, Error.Code: OfficerReasons.RolledBack } rolledBack)
            {
                await Console.Error.WriteLineAsync($"warning: {rolledBack.Error.Message} [{rolledBack.Error.Code}]");
            }

            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(roster is null ? null : new { roster.Version, roster.Sha256, roster.Threshold, roster.Officers });
                return ExitCodes.Ok;
            }

            if (roster is null)
            {
                CliConsole.Line("no roster in force: found one with `highside officer found NAME=KEY.pub ...`");
                return ExitCodes.Ok;
            }

            CliConsole.Line(string.Create(CultureInfo.InvariantCulture,
                $"roster version {roster.Version} ({roster.Sha256[..16]}): {roster.Threshold} approvals needed"));
            foreach (var o in roster.Officers)
            {
                CliConsole.Line($"{o.Name}  key {o.Key.KeyIdHex}  {(o.Active ? "active" : "disabled")}  {string.Join(' ', o.Requesters)}");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Found()
    {
        var founders = new Argument<string[]>("NAME=KEY.pub") { Description = "Each founding officer and their public key", Arity = ArgumentArity.OneOrMore };
        var requesters = new Option<string[]>("--requester") { Description = "NAME=IDENTITY: a low-side identity an officer holds (repeatable)" };
        var threshold = new Option<int?>("--threshold") { Description = "Approvals needed (default Approval:Required)" };
        var command = new Command("found", "Propose the first roster: every founding officer signs it") { founders, requesters, threshold };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var linked = (parse.GetValue(requesters) ?? []).Select(r => r.Split('=', 2)).ToLookup(p => p[0], p => p.Length > 1 ? p[1] : "");
            var officers = new List<RosterOfficer>();
            foreach (var founder in parse.GetValue(founders)!)
            {
                var parts = founder.Split('=', 2);
                if (parts.Length != 2)
                {
                    return CliConsole.Usage($"'{founder}' is not NAME=KEY.pub");
                }

                var officer = RosterOfficerReader.Read(parts[0], parts[1], linked[parts[0]]);
                if (!officer.IsOk)
                {
                    return CliFailures.Exit(officer.Error);
                }

                officers.Add(officer.Value);
            }

            var required = services.GetRequiredService<IOptions<ApprovalOptions>>().Value.Required;
            return await ProposeAsync(services, new FoundRoster(officers, parse.GetValue(threshold) ?? required), token);
        }, ct));
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("NAME") { Description = "The officer's name" };
        var key = new Option<string>("--key") { Description = "The officer's minisign public key (.pub)", Required = true };
        var requesters = new Option<string[]>("--requester") { Description = "A low-side identity the officer holds (repeatable)" };
        var command = new Command("add", "Propose adding an officer; the officers in force and the new officer sign it") { name, key, requesters };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var officer = RosterOfficerReader.Read(parse.GetValue(name)!, parse.GetValue(key)!, parse.GetValue(requesters) ?? []);
            return officer.IsOk ? await ProposeAsync(services, new AddOfficer(officer.Value), token) : CliFailures.Exit(officer.Error);
        }, ct));
        return command;
    }

    private static Command Disable()
    {
        var name = new Argument<string>("NAME") { Description = "The officer's name" };
        var command = new Command("disable", "Propose disabling an officer: their key no longer decides anything, under any name") { name };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse,
            (services, token) => ProposeAsync(services, new DisableOfficer(parse.GetValue(name)!), token), ct));
        return command;
    }

    private static Command Rotate()
    {
        var name = new Argument<string>("NAME") { Description = "The officer's name" };
        var key = new Option<string>("--key") { Description = "The officer's new public key (.pub)", Required = true };
        var command = new Command("rotate", "Propose replacing an officer's key; the new key must sign the proposal too") { name, key };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var newKey = RosterOfficerReader.ReadKey(parse.GetValue(key)!);
            return newKey.IsOk
                ? await ProposeAsync(services, new RotateOfficerKey(parse.GetValue(name)!, newKey.Value), token)
                : CliFailures.Exit(newKey.Error);
        }, ct));
        return command;
    }

    private static Command Link()
    {
        var name = new Argument<string>("NAME") { Description = "The officer's name" };
        var requesters = new Option<string[]>("--requester") { Description = "A low-side identity the officer holds (repeatable)", Required = true };
        var command = new Command("link", "Propose linking low-side requester identities to an officer") { name, requesters };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse,
            (services, token) => ProposeAsync(services, new LinkRequesters(parse.GetValue(name)!, parse.GetValue(requesters)!), token), ct));
        return command;
    }

    private static async Task<int> ProposeAsync(IServiceProvider services, RosterChange change, CancellationToken cancellationToken)
    {
        var outcome = await services.GetRequiredService<RosterService>().ProposeAsync(change, HostUser.Actor, cancellationToken);
        if (!outcome.IsOk)
        {
            return CliFailures.Exit(outcome.Error);
        }

        var p = outcome.Value;
        CliConsole.Line(string.Create(CultureInfo.InvariantCulture, $"proposal {p.Id} for roster version {p.Version}: {p.Change}"));
        CliConsole.Line("nothing changes until the officers sign it, each on their own machine:");
        CliConsole.Line($"  highside officer proposal {p.Id} > roster-{p.Version}.json");
        CliConsole.Line($"  highside sign --statement roster-{p.Version}.json --key YOU.key");
        CliConsole.Line($"  highside officer sign-proposal {p.Id} --signature roster-{p.Version}.json.minisig");
        return ExitCodes.Ok;
    }
}
