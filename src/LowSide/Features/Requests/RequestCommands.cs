using System.CommandLine;
using System.Globalization;
using TransferPipeline.LowSide.Errors;
using TransferPipeline.LowSide.Hosting;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>`lowside request add image|file|chart`, `list`, `show`, `cancel`.</summary>
internal static class RequestCommands
{
    private static readonly Option<string> Requester = new("--requester") { Description = "Who asks for it", Required = true };
    private static readonly Option<string> Justification = new("--justification") { Description = "Why it is needed", Required = true };
    private static readonly Option<string?> Ticket = new("--ticket") { Description = "Change or ticket reference" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON" };

    public static Command Create()
    {
        var add = new Command("add", "File a request for an artifact") { AddImage(), AddFile(), AddChart() };
        return new Command("request", "Artifact requests") { add, List(), Show(), Cancel() };
    }

    private static Command AddImage()
    {
        var reference = new Argument<string>("REF") { Description = "registry/repo:tag or registry/repo@sha256:..." };
        var platform = new Option<string[]>("--platform") { Description = "os/arch to take from a multi-arch index (repeatable; default all)" };
        var command = new Command("image", "Request a container image") { reference, platform, Requester, Justification, Ticket };
        command.SetAction((parse, ct) => SubmitAsync(parse, new NewRequest
        {
            Kind = ArtifactKinds.Image,
            Source = parse.GetValue(reference),
            Platforms = parse.GetValue(platform) ?? [],
        }, ct));
        return command;
    }

    private static Command AddFile()
    {
        var url = new Argument<string>("URL") { Description = "http(s) URL of the file" };
        var sha256 = new Option<string?>("--sha256") { Description = "Expected SHA-256 (hex); the download is refused if it differs" };
        var command = new Command("file", "Request a file served over http(s)") { url, sha256, Requester, Justification, Ticket };
        command.SetAction((parse, ct) => SubmitAsync(parse, new NewRequest
        {
            Kind = ArtifactKinds.File,
            Source = parse.GetValue(url),
            Sha256 = parse.GetValue(sha256),
        }, ct));
        return command;
    }

    private static Command AddChart()
    {
        var repository = new Argument<string>("REPO_URL") { Description = "URL of the chart repository (where index.yaml lives)" };
        var name = new Argument<string>("NAME") { Description = "Chart name" };
        var version = new Option<string>("--version") { Description = "Chart version", Required = true };
        var command = new Command("chart", "Request a Helm chart from an HTTP chart repository")
        {
            repository, name, version, Requester, Justification, Ticket,
        };
        command.SetAction((parse, ct) => SubmitAsync(parse, new NewRequest
        {
            Kind = ArtifactKinds.Chart,
            Source = parse.GetValue(repository),
            Name = parse.GetValue(name),
            Version = parse.GetValue(version),
        }, ct));
        return command;
    }

    private static Task<int> SubmitAsync(ParseResult parse, NewRequest request, CancellationToken ct) =>
        CliHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<RequestService>().SubmitAsync(
                request with
                {
                    Requester = parse.GetValue(Requester),
                    Justification = parse.GetValue(Justification),
                    Ticket = parse.GetValue(Ticket),
                },
                token);
            if (!outcome.IsSuccess)
            {
                return ErrorMapping.ToExitCode(outcome.Error!);
            }

            CliConsole.Line(outcome.Value!.Id);
            return ExitCodes.Ok;
        }, ct);

    private static Command List()
    {
        var command = new Command("list", "List requests") { Json };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var requests = await services.GetRequiredService<RequestService>().ListAsync(token);
            if (parse.GetValue(Json))
            {
                CliConsole.Json(requests);
                return ExitCodes.Ok;
            }

            foreach (var r in requests)
            {
                CliConsole.Line(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Id}  {r.Status,-9}  {r.Kind,-5}  {r.Source}{(r.Name is null ? "" : $" {r.Name} {r.Version}")}  ({r.Requester})"));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("ID");
        var command = new Command("show", "Show one request and what was gathered for it") { id, Json };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<RequestService>().GetAsync(parse.GetValue(id)!, token);
            if (!outcome.IsSuccess)
            {
                return ErrorMapping.ToExitCode(outcome.Error!);
            }

            var blobs = await services.GetRequiredService<RequestRepository>().GetBlobsAsync(outcome.Value!.Id, token);
            CliConsole.Json(new { request = outcome.Value, blobs });
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Cancel()
    {
        var id = new Argument<string>("ID");
        var command = new Command("cancel", "Cancel a request that has not shipped") { id };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<RequestService>().CancelAsync(parse.GetValue(id)!, token);
            if (!outcome.IsSuccess)
            {
                return ErrorMapping.ToExitCode(outcome.Error!);
            }

            CliConsole.Line(outcome.Value!.Id);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
