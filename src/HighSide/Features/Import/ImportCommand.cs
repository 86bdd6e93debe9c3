using System.CommandLine;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Hosting.Cli;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>`highside import PATH`: a volume, or a media directory holding volumes.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "A batch volume, or a media directory holding volumes" };
        var command = new Command("import", "Copy volumes into quarantine, verify the copy and record the batch") { path, CommonOptions.Json };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<ImportService>().ImportAsync(parse.GetValue(path)!, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(outcome.Value);
            }

            var refused = false;
            foreach (var result in outcome.Value)
            {
                if (result.IsRefused)
                {
                    refused = true;
                    CliConsole.Fail($"batch {result.Id} refused [{result.ReasonCode}]: {result.Message}");
                }
                else if (!parse.GetValue(CommonOptions.Json))
                {
                    CliConsole.Line($"batch {result.Id} {result.State}: {result.Message}");
                }
            }

            return refused ? ExitCodes.Failed : ExitCodes.Ok;
        }, ct));
        return command;
    }
}
