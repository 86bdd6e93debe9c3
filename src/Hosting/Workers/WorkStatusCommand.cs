using System.CommandLine;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// `status [--json]` on either side: the workers, the side's queue, its stuck work (claims that expired) and the leases.
/// The side says how to read its status, how its queue reads in one line, and what its stuck claims are.
/// </summary>
public static class WorkStatusCommand
{
    public static Command Create<TStatus>(
        HostSide side,
        string description,
        Func<IServiceProvider, CancellationToken, Task<TStatus>> read,
        Func<TStatus, string> queue,
        Func<TStatus, IEnumerable<(string Id, string? ClaimedBy, DateTimeOffset? ExpiresUtc)>> stuck)
        where TStatus : SideWorkStatus
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(stuck);
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("status", description) { json };
        command.SetAction((parse, ct) => CliRunner.RunAsync(side, parse, async (services, token) =>
        {
            var status = await read(services, token);
            if (parse.GetValue(json))
            {
                CliConsole.Json(status);
                return ExitCodes.Ok;
            }

            WorkersStatusText.PrintWorkers(status.Processes);
            CliConsole.Line(queue(status));
            WorkersStatusText.PrintStuck(status.Processes, stuck(status));
            WorkersStatusText.PrintLeases(status.Processes);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
