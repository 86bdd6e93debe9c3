using TransferPipeline.Hosting.Cli;
using System.CommandLine;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>`lowside gather [ID]`: gathers now, instead of waiting for the daemon.</summary>
internal static class GatherCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("ID") { Description = "One request (default: every submitted or unfinished one)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("gather", "Fetch and check the artifacts of submitted requests into the content store") { id };
        command.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var gatherer = services.GetRequiredService<GatherService>();
            IReadOnlyList<ArtifactRequest> results;
            if (parse.GetValue(id) is { } one)
            {
                var outcome = await gatherer.GatherAsync(one, token);
                if (!outcome.IsOk)
                {
                    return CliFailures.Exit(outcome.Error!);
                }

                results = [outcome.Value!];
            }
            else
            {
                results = await gatherer.GatherPendingAsync(token);
            }

            foreach (var r in results)
            {
                CliConsole.Line($"{r.Id}  {r.Status}  {r.ResolvedDigest ?? r.Failure ?? ""}");
            }

            if (results.Count == 0)
            {
                CliConsole.Line("nothing to gather");
            }

            return results.Any(r => r.Status == RequestStatus.Failed) ? ExitCodes.Failed : ExitCodes.Ok;
        }, ct));
        return command;
    }
}
