using System.CommandLine;
using TransferPipeline.LowSide.Errors;
using TransferPipeline.LowSide.Hosting;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Daemon;

/// <summary>`lowside serve`: run the daemon until SIGINT/SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the daemon: HTTP API (Http:Urls), gathering on the bus, the scheduled cut (Batches:Schedule)");
        command.SetAction(async (parse, ct) =>
        {
            var data = DataDirectory.From(parse.GetValue(DataOption.Instance));
            if (data is null || !File.Exists(data.ConfigFile))
            {
                return ErrorMapping.ToExitCode(new LowSideError(LowSideError.NotInitialized,
                    "no initialised data directory: run 'lowside init --data DIR --site SITE_ID' and pass --data DIR or set LOWSIDE_DATA"));
            }

            try
            {
                return await LowSideDaemon.RunAsync(data, ct);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                return CliConsole.Fail(string.Join("; ", ex.Failures));
            }
        });
        return command;
    }
}
