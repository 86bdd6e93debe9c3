using System.CommandLine;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// `highside approve ID --signature FILE.minisig [--statement FILE]` and `highside reject ...` submit a
/// decision signed on an officer's own machine (`highside sign`); `--key FILE.key` signs here instead,
/// which is for the demo and tests: an officer's secret key does not belong on the server.
/// </summary>
internal static class DecisionCommands
{
    public static Command Create(string decision)
    {
        var id = new Argument<string>("ID") { Description = "The batch id" };
        var signature = new Option<string?>("--signature")
        {
            Description = "The minisign signature of the statement, made on your own machine (`highside sign --statement FILE --key KEY`)",
        };
        var statement = new Option<string?>("--statement") { Description = "The statement that was signed (default: the signature file without .minisig)" };
        var key = new Option<string?>("--key") { Description = "Sign here with this secret key: for the demo and tests only, not for production use" };
        var officer = new Option<string?>("--officer") { Description = "With --key: the officer the key must belong to" };
        var passwordFile = new Option<string?>("--password-file")
        {
            Description = "With --key: read the key password from this file (else TP_KEY_PASSWORD, else the terminal)",
        };
        var reason = new Option<string?>("--reason") { Description = "With --key: why the batch is rejected" };
        var command = new Command(decision, decision == Decisions.Approve
            ? "Approve a batch: submit your signature of its statement (distinct officers up to the roster's threshold are needed)"
            : "Reject a batch: submit your signature of its rejection statement; one rejection ends it")
        {
            id, signature, statement, key, officer, passwordFile,
        };
        if (decision == Decisions.Reject)
        {
            command.Add(reason);
        }

        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var service = services.GetRequiredService<ApprovalService>();
            var batchId = parse.GetValue(id)!;
            Outcome<DecisionResult> outcome;
            if (parse.GetValue(signature) is { } signatureFile)
            {
                var statementFile = parse.GetValue(statement) ?? Path.ChangeExtension(signatureFile, null);
                outcome = await service.SubmitAsync(new DecisionRequest(batchId, decision, await File.ReadAllTextAsync(statementFile, token),
                    await File.ReadAllTextAsync(signatureFile, token)), token);
            }
            else if (parse.GetValue(key) is { } keyFile)
            {
                using var secret = SecretKeyLoader.Load(keyFile, parse.GetValue(passwordFile));
                var roster = await services.GetRequiredService<RosterService>().CurrentAsync(token);
                var holder = roster?.ByKey(secret.PublicKey)?.Name;
                if (parse.GetValue(officer) is { } name && !string.Equals(name, holder, StringComparison.OrdinalIgnoreCase))
                {
                    return CliFailures.Exit(new Failure(ApprovalReasons.OfficerKeyMismatch,
                        $"the key {secret.PublicKey.KeyIdHex} is not the key officer '{name}' has on the roster in force"));
                }

                outcome = await service.SignAndSubmitAsync(batchId, decision, parse.GetValue(reason), secret, token);
            }
            else
            {
                return CliConsole.Usage("give --signature FILE.minisig (signed with `highside sign`), or --key FILE.key to sign here");
            }

            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            var r = outcome.Value;
            CliConsole.Line($"{r.Decision} by {r.Officer} (key {r.KeyId}) recorded; batch {r.BatchId} is {r.State} "
                + $"({r.ApprovalsCounted} of {r.ApprovalsRequired} approvals)");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
