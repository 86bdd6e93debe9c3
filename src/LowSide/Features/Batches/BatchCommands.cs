using TransferPipeline.Hosting.Cli;
using System.CommandLine;
using System.Globalization;
using TransferPipeline.Shared;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>`lowside batch cut|list|show`.</summary>
internal static class BatchCommands
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON" };

    public static Command Create() => new("batch", "Signed transfer batches") { Cut(), List(), Show() };

    private static Command Cut()
    {
        var media = new Option<string?>("--media") { Description = "Directory on the removable media (default: Batches:MediaDirectory)" };
        var volumeSize = new Option<string?>("--volume-size") { Description = "Bytes per volume, e.g. 4.7GB, 25GB, 64GiB (default: Batches:VolumeSize)" };
        var command = new Command(
            "cut",
            "Pack the gathered, unshipped artifacts (oldest first, up to Batches:MaxBlobsPerBatch blobs) into the next batch, "
            + "write it to the media and verify it")
        {
            media, volumeSize,
        };
        command.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<BatchCutService>().CutAsync(parse.GetValue(media), parse.GetValue(volumeSize), token);
            if (outcome.Error is { Code: LowSideReasons.NothingToShip } nothing)
            {
                CliConsole.Line(nothing.Message);
                return ExitCodes.Ok;
            }

            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error!);
            }

            var batch = outcome.Value!;
            CliConsole.Line(string.Create(CultureInfo.InvariantCulture,
                $"{batch.Id}  shipped: {batch.VolumeCount} volume(s), {ByteSize.Format(batch.PayloadBytes ?? 0)}, "
                + $"{batch.RequestIds.Count} artifact(s), written to {batch.MediaDirectory} and verified"));
            var waiting = await services.GetRequiredService<BatchRepository>().CountWaitingAsync(token);
            if (waiting > 0)
            {
                CliConsole.Line(string.Create(CultureInfo.InvariantCulture,
                    $"{waiting} more gathered request(s) wait for the next batch "
                    + $"(a batch lists at most Batches:MaxBlobsPerBatch blobs); run 'batch cut' again"));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List batches") { Json };
        command.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var batches = await services.GetRequiredService<BatchQueries>().ListAsync(token);
            if (parse.GetValue(Json))
            {
                CliConsole.Json(batches);
                return ExitCodes.Ok;
            }

            foreach (var b in batches)
            {
                CliConsole.Line(string.Create(CultureInfo.InvariantCulture,
                    $"{b.Id}  {b.Status,-8}  {b.VolumeCount ?? 0} volume(s)  {ByteSize.Format(b.PayloadBytes ?? 0)}  {b.CreatedUtc:u}"));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("ID");
        var command = new Command("show", "Show one batch and the requests it carried") { id };
        command.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<BatchQueries>().GetAsync(parse.GetValue(id)!, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error!);
            }

            CliConsole.Json(outcome.Value);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
