using System.CommandLine;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Hosting.Cli;

namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>`highside publish [ID]`: publish one approved batch now, or every approved one.</summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("ID") { Description = "The batch to publish; all approved batches when omitted", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("publish", "Publish approved batches to the internal mirrors now (resumes an interrupted publish)") { id };
        command.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var service = services.GetRequiredService<PublishService>();
            var outcomes = parse.GetValue(id) is { } batchId
                ? [await service.PublishAsync(batchId, token)]
                : await service.PublishPendingAsync(token);
            var exit = ExitCodes.Ok;
            foreach (var outcome in outcomes)
            {
                if (!outcome.IsOk)
                {
                    exit = CliFailures.Exit(outcome.Error);
                    continue;
                }

                CliConsole.Line(outcome.Value!.Describe());
            }

            if (outcomes.Count == 0)
            {
                CliConsole.Line("nothing to publish");
            }

            return exit;
        }, ct));
        return command;
    }
}
