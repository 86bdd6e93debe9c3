using TransferPipeline.Hosting.Cli;
using System.CommandLine;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Receipts;

/// <summary>`lowside receipt import FILE` and `lowside receipt list`.</summary>
internal static class ReceiptCommands
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "receipt.json from the high side (its signature at FILE.minisig)" };
        var import = new Command("import", "Verify a high-side receipt and record the blobs it holds, so later batches omit them") { file };
        import.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<ReceiptImportService>().ImportAsync(parse.GetValue(file)!, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error!);
            }

            var receipt = outcome.Value!.Receipt;
            CliConsole.Line($"receipt from {receipt.SiteId} ({receipt.CreatedUtc:O}) imported: {receipt.Blobs.Count} blob(s) present on the high side");
            return ExitCodes.Ok;
        }, ct));
        var list = new Command("list", "The receipts kept: each pins the high side's audit history (highside audit verify --anchor FILE)")
        {
            CommonOptions.Json,
        };
        list.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var kept = await services.GetRequiredService<ReceiptRepository>().ListAsync(token);
            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(kept);
                return ExitCodes.Ok;
            }

            foreach (var r in kept)
            {
                var head = r.AuditSequence is { } sequence ? $"audit entry {sequence} {r.AuditHash}" : "no audit head (format 1)";
                CliConsole.Line($"{r.CreatedUtc:u}  {r.SiteId}  {head}  {r.File ?? "(not kept)"}");
            }

            return ExitCodes.Ok;
        }, ct));
        return new Command("receipt", "Receipts from the high side") { import, list };
    }
}
