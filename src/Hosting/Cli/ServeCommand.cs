using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.Hosting.Cli;

/// <summary>`serve` on either side: run the daemon until SIGTERM or SIGINT.</summary>
public static class ServeCommand
{
    public static Command Create(HostSide side, string description)
    {
        ArgumentNullException.ThrowIfNull(side);
        var role = new Option<string>("--role")
        {
            Description = "What this process runs: api (HTTP only), worker (the bus consumers), scheduler (the scheduled jobs, " +
                "under a lease one process holds), or all; a comma-separated mix is allowed",
            DefaultValueFactory = _ => "all",
        };
        var command = new Command("serve", description) { role };
        command.SetAction(async (parse, ct) =>
        {
            if (ServeRoleNames.Parse(parse.GetValue(role)) is not { } roles)
            {
                return CliConsole.Usage($"--role takes {string.Join(", ", ServeRoleNames.All)} (or a comma-separated mix)");
            }

            var data = side.ResolveData(parse);
            if (data is null || !data.IsInitialized)
            {
                return CliConsole.Usage(CliRunner.NotInitialized(side, data));
            }

            try
            {
                await using var app = TransferDaemon.Build(data, roles: roles);
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
