using System.CommandLine;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Kinds;
using TransferPipeline.LowSide.Kinds.Deb;
using TransferPipeline.LowSide.Kinds.Image;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>`lowside request add KIND`, `list`, `show`, `cancel`.</summary>
internal static class RequestCommands
{
    private static readonly Option<string> Justification = new("--justification") { Description = "Why it is needed", Required = true };
    private static readonly Option<string?> Ticket = new("--ticket") { Description = "Change or ticket reference" };

    public static Command Create()
    {
        var add = new Command("add", "File a request for an artifact");
        foreach (var kind in RequestKinds.All)
        {
            add.Add(AddCommand(kind));
        }

        return new Command("request", "Artifact requests") { add, List(), Show(), Images(), Cancel() };
    }

    private static Command AddCommand(RequestKind kind)
    {
        var command = new Command(kind.Name, kind.Description);
        kind.AddArguments(command);
        command.Add(Justification);
        command.Add(Ticket);
        command.SetAction((parse, ct) => SubmitAsync(parse, kind.Read(parse), ct));
        return command;
    }

    private static Task<int> SubmitAsync(ParseResult parse, NewRequest request, CancellationToken ct) =>
        LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<RequestService>().SubmitAsync(
                request with
                {
                    Justification = parse.GetValue(Justification),
                    Ticket = parse.GetValue(Ticket),
                },
                Caller.HostUser(),
                token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error!);
            }

            CliConsole.Line(outcome.Value!.Id);
            return ExitCodes.Ok;
        }, ct);

    private static Command List()
    {
        var command = new Command("list", "List requests") { CommonOptions.Json };
        command.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var requests = await services.GetRequiredService<RequestQueries>().ListAsync(Caller.HostUser(), token);
            RequestListOutput.Write(requests, parse.GetValue(CommonOptions.Json), Console.Out);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("ID");
        var command = new Command("show", "Show one request and what was gathered for it") { id, CommonOptions.Json };
        command.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<RequestQueries>().GetAsync(parse.GetValue(id)!, Caller.HostUser(), token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error!);
            }

            var repository = services.GetRequiredService<RequestRepository>();
            var blobs = await repository.GetBlobsAsync(outcome.Value!.Id, token);
            var attachments = await ImageSbomSummary.ReadAsync(
                services.GetRequiredService<ContentStore>(),
                await repository.GetAttachmentsAsync(outcome.Value.Id, token),
                token);
            var images = (await repository.ListPartsAsync(outcome.Value.Id, token)).Select(RequestPartSummary.From);
            var packages = await DebSetSummary.ReadAsync(services.GetRequiredService<ContentStore>(), outcome.Value, blobs, token);
            CliConsole.Json(new { request = outcome.Value, blobs, attachments, images, packages });
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Images()
    {
        var id = new Argument<string>("ID");
        var add = new Option<string[]>("--add") { Description = "An image the chart needs that was not found (repeatable)" };
        var drop = new Option<string[]>("--drop") { Description = "An image found for the chart not to ship (repeatable)" };
        var command = new Command("images", "List, add or drop the images a chart request carries") { id, add, drop };
        command.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var change = new RequestImagesChange(parse.GetValue(add), parse.GetValue(drop));
            var outcome = await services.GetRequiredService<RequestPartService>().ChangeImagesAsync(parse.GetValue(id)!, change, Caller.HostUser(), token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error!);
            }

            foreach (var image in outcome.Value!)
            {
                CliConsole.Line($"{image.Reference}  {image.Status}  {image.Origin}");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Cancel()
    {
        var id = new Argument<string>("ID");
        var command = new Command("cancel", "Cancel a request that has not shipped") { id };
        command.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<RequestService>().CancelAsync(parse.GetValue(id)!, Caller.HostUser(), token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error!);
            }

            CliConsole.Line(outcome.Value!.Id);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
