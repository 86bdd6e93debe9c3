using System.CommandLine;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.HighSide.Features.Receipts;

/// <summary>`highside receipt write FILE`.</summary>
internal static class ReceiptCommands
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The receipt to write (FILE and FILE.minisig)" };
        var write = new Command("write", "Write a signed receipt of imported batches and present blobs for the low side") { file };
        write.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var receipt = await services.GetRequiredService<ReceiptService>().WriteAsync(parse.GetValue(file)!, token);
            CliConsole.Line($"receipt {parse.GetValue(file)}: {receipt.ImportedSequences.Count} batch sequence(s), {receipt.Blobs.Count} blob(s), signed");
            return ExitCodes.Ok;
        }, ct));
        return new Command("receipt", "Receipts for the low side") { write };
    }
}
