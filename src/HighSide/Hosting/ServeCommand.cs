using System.CommandLine;
using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.HighSide.Hosting;

/// <summary>`highside serve`: run the daemon until SIGTERM/SIGINT.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the daemon: drop-folder watcher, publish schedule, message consumers, HTTP API, health endpoint");
        command.SetAction(async (parse, ct) =>
        {
            var data = CommonOptions.ResolveData(parse);
            if (data is null || !data.IsInitialized)
            {
                return CliConsole.Fail("no initialised data directory: pass --data DIR (or set HIGHSIDE_DATA) after `highside init`");
            }

            await using var app = DaemonHost.Build(data, []);
            // SIGTERM/SIGINT cancel ct (System.CommandLine), which stops the host gracefully: consumers and jobs finish, then exit.
            await app.RunAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
