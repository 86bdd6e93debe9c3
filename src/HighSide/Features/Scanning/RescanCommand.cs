using System.CommandLine;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>`highside batch rescan ID`: scan a batch in quarantine again and take it on through the gates.</summary>
internal static class RescanCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The batch id" };
        var command = new Command("rescan", "Scan a batch that is not approved yet again (after a failed scan, or with newer scanner data)")
        {
            id, CommonOptions.Json,
        };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<RescanService>().RescanAsync(parse.GetValue(id)!, AuditTrail.System, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            var batch = outcome.Value;
            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(new { batch.Id, batch.State, batch.ReasonCode, batch.Reason, batch.WaitingFor });
            }
            else
            {
                CliConsole.Line($"batch {batch.Id}: {batch.State}{(batch.ReasonCode is null ? "" : $" [{batch.ReasonCode}] {batch.Reason}")}"
                    + (batch.WaitingFor is null ? "" : $"; waiting for {batch.WaitingFor}"));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
