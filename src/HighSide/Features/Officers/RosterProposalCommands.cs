using System.CommandLine;
using System.Globalization;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>`highside officer proposals|proposal|sign-proposal`: reading and signing roster proposals.</summary>
internal static class RosterProposalCommands
{
    public static Command Proposals()
    {
        var command = new Command("proposals", "List roster proposals: version, change, state, who signed") { CommonOptions.Json };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var proposals = await services.GetRequiredService<RosterService>().ProposalsAsync(token);
            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(proposals);
                return ExitCodes.Ok;
            }

            foreach (var p in proposals)
            {
                CliConsole.Line(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Id}  version {p.Version}  {p.State,-8}  {p.Change}  (signed by {Signers(p)})"));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    public static Command Proposal()
    {
        var id = new Argument<string>("ID") { Description = "The proposal (its id, or the start of its SHA-256)" };
        var command = new Command("proposal", "Print a proposal's exact document, which officers sign") { id };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var document = await services.GetRequiredService<RosterService>().DocumentAsync(parse.GetValue(id)!, token);
            if (!document.IsOk)
            {
                return CliFailures.Exit(document.Error);
            }

            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(document.Value, token);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    public static Command SignProposal()
    {
        var id = new Argument<string>("ID") { Description = "The proposal" };
        var signature = new Option<string?>("--signature") { Description = "Your signature of the proposal, made with `highside sign`" };
        var key = new Option<string?>("--key") { Description = "Sign here with this secret key: for the demo and tests only" };
        var passwordFile = new Option<string?>("--password-file") { Description = "With --key: the key password's file" };
        var command = new Command("sign-proposal", "Add an officer's signature to a proposal; it takes effect when enough officers have signed")
        {
            id, signature, key, passwordFile,
        };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var rosters = services.GetRequiredService<RosterService>();
            Outcome<RosterProposal> outcome;
            if (parse.GetValue(signature) is { } file)
            {
                outcome = await rosters.SignAsync(parse.GetValue(id)!, await File.ReadAllTextAsync(file, token), token);
            }
            else if (parse.GetValue(key) is { } keyFile)
            {
                using var secret = SecretKeyLoader.Load(keyFile, parse.GetValue(passwordFile));
                outcome = await rosters.SignWithKeyAsync(parse.GetValue(id)!, secret, token);
            }
            else
            {
                return CliConsole.Usage("give --signature FILE.minisig (made with `highside sign`), or --key FILE.key");
            }

            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            var p = outcome.Value;
            CliConsole.Line(string.Create(CultureInfo.InvariantCulture,
                $"proposal {p.Id} (roster version {p.Version}) is {p.State}; signed by {string.Join(", ", p.SignedBy)}"));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static string Signers(RosterProposal proposal) => proposal.SignedBy.Count == 0 ? "nobody yet" : string.Join(", ", proposal.SignedBy);
}
