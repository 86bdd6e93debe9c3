using System.CommandLine;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// `highside approve ID (--officer NAME --key FILE.key | --signature FILE)` and
/// `highside reject ID --reason TEXT (--officer NAME --key FILE.key | --signature FILE)`.
/// </summary>
internal static class DecisionCommands
{
    public static Command Create(string decision)
    {
        var id = new Argument<string>("ID") { Description = "The batch id" };
        var officer = new Option<string?>("--officer") { Description = "Your officer name (with --key)" };
        var key = new Option<string?>("--key") { Description = "Your minisign secret key (.key)" };
        var passwordFile = new Option<string?>("--password-file")
        {
            Description = "Read the key password from this file (else TP_KEY_PASSWORD, else the terminal)",
        };
        var signature = new Option<string?>("--signature") { Description = "A minisign signature of the statement made elsewhere (`minisign -S`)" };
        var reason = new Option<string?>("--reason") { Description = "Why the batch is rejected", Required = decision == Decisions.Reject };
        var command = new Command(decision, decision == Decisions.Approve
            ? "Approve a batch with your officer key (two distinct officers are needed)"
            : "Reject a batch with your officer key: one rejection ends it")
        {
            id, officer, key, passwordFile, signature,
        };
        if (decision == Decisions.Reject)
        {
            command.Add(reason);
        }

        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var service = services.GetRequiredService<ApprovalService>();
            var batchId = parse.GetValue(id)!;
            var why = decision == Decisions.Reject ? parse.GetValue(reason) : null;
            Outcome<DecisionResult> outcome;
            if (parse.GetValue(signature) is { } signatureFile)
            {
                outcome = await service.SubmitAsync(new DecisionRequest(batchId, decision, why, await File.ReadAllTextAsync(signatureFile, token)), token);
            }
            else if (parse.GetValue(officer) is { } name && parse.GetValue(key) is { } keyFile)
            {
                using var secret = LoadKey(keyFile, parse.GetValue(passwordFile));
                outcome = await service.SignAndSubmitAsync(batchId, decision, why, name, secret, token);
            }
            else
            {
                return CliConsole.Usage("give either --signature FILE, or --officer NAME and --key FILE.key");
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

    private static MinisignSecretKey LoadKey(string keyFile, string? passwordFile)
    {
        char[] password = [];
        try
        {
            if (MinisignSecretKey.IsEncrypted(keyFile))
            {
                password = KeyPasswordSource.Read(passwordFile);
            }

            return MinisignSecretKey.Load(keyFile, password);
        }
        finally
        {
            Array.Clear(password);
        }
    }
}
