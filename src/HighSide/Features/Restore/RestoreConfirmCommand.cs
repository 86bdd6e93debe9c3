using System.CommandLine;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.HighSide.Features.Restore;

/// <summary>`highside restore confirm`: the replay high-water mark after a restore.</summary>
internal static class RestoreConfirmCommand
{
    public static Command Create()
    {
        var receipt = new Option<string?>("--receipt")
        {
            Description = "The latest receipt this high side wrote before the restore (FILE and FILE.minisig; the low side keeps every one)",
        };
        var site = new Option<string?>("--site") { Description = "The low-side site --last-sequence belongs to (default: the only trusted site)" };
        var last = new Option<long?>("--last-sequence")
        {
            Description = "The highest sequence the low side shipped to this high side (its batch list): nothing at or below it is imported again",
        };
        var command = new Command("confirm",
            "Confirm the replay high-water mark after a restore; until then import and publish are refused (restore-unconfirmed)")
        {
            receipt,
            site,
            last,
            CommonOptions.Json,
        };
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(receipt) is null && parse.GetValue(last) is null)
            {
                return Task.FromResult(CliConsole.Usage("give --receipt FILE, --last-sequence N, or both"));
            }

            return HighSideHost.RunAsync(parse, async (services, token) =>
            {
                var request = new RestoreConfirmRequest(parse.GetValue(site), parse.GetValue(last), parse.GetValue(receipt));
                var outcome = await services.GetRequiredService<RestoreConfirmation>().ConfirmAsync(request, HostUser.Actor, token);
                if (!outcome.IsOk)
                {
                    return CliFailures.Exit(outcome.Error);
                }

                if (parse.GetValue(CommonOptions.Json))
                {
                    CliConsole.Json(outcome.Value);
                    return ExitCodes.Ok;
                }

                foreach (var mark in outcome.Value.Marks)
                {
                    CliConsole.Line($"site {mark.SiteId}: sequences up to {mark.Sequence} will not be imported again ({mark.Source})");
                }

                CliConsole.Line(outcome.Value.WasPending
                    ? "restore confirmed: import and publish resume"
                    : "no restore was waiting for confirmation; the marks are recorded");
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
