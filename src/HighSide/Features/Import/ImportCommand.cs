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
                refused |= Report(result, parse.GetValue(CommonOptions.Json));
            }

            return refused ? ExitCodes.Failed : ExitCodes.Ok;
        }, ct));
        return command;
    }

    // True when the volume's batch is refused (now, or before, when the volume was inserted again).
    private static bool Report(ImportResult result, bool json)
    {
        if (result.Unreadable.Count > 0)
        {
            CliConsole.Fail($"{result.Unreadable.Count} region(s) of the media could not be read and were copied as zeros: "
                + MediaRegionCopier.Describe(result.Unreadable));
        }

        if (result.IsRefused || (result.AlreadyImported && Batches.BatchStates.IsFinalFailure(result.State)))
        {
            CliConsole.Fail(result.AlreadyImported ? result.Message : $"batch {result.Id} refused [{result.ReasonCode}]: {result.Message}");
            return true;
        }

        if (!json)
        {
            CliConsole.Line(result.AlreadyImported ? result.Message : $"batch {result.Id} {result.State}: {result.Message}");
        }

        return false;
    }
}
