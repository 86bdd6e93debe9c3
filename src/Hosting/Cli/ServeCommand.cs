using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.Hosting.Cli;

/// <summary>`serve` on either side: run the daemon until SIGTERM or SIGINT.</summary>
public static class ServeCommand
{
    public static Command Create(HostSide side, string description)
    {
        ArgumentNullException.ThrowIfNull(side);
        var command = new Command("serve", description);
        command.SetAction(async (parse, ct) =>
        {
            var data = side.ResolveData(parse);
            if (data is null || !data.IsInitialized)
            {
                return CliConsole.Usage(CliRunner.NotInitialized(side, data));
            }

            try
            {
                await using var app = TransferDaemon.Build(data);
                // SIGTERM/SIGINT cancel ct, which stops the host gracefully: consumers and jobs finish, then it exits.
                await app.RunAsync(ct);
                return ExitCodes.Ok;
            }
            catch (OptionsValidationException ex)
            {
                return CliConsole.Fail(string.Join("; ", ex.Failures));
            }
            catch (Exception ex) when (CliRunner.IsInfrastructureFault(ex))
            {
                return CliConsole.Fail(ex.Message);
            }
        });
        return command;
    }
}
