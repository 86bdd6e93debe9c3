using System.CommandLine;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.HighSide.Features.Audit;

/// <summary>`highside audit verify` and `highside audit export FILE`.</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var verify = new Command("verify", "Check every audit entry's hash and link and every signed checkpoint; names the first bad entry");
        verify.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var result = await services.GetRequiredService<AuditService>().VerifyAsync(token);
            if (!result.IsValid)
            {
                var firstBad = result.FirstBadSequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
                return CliConsole.Fail($"audit trail broken at entry {firstBad} [{result.Status}]: {result.Message}");
            }

            CliConsole.Line($"OK: {result.EntriesVerified} entries and {result.CheckpointsVerified} checkpoints verified");
            return ExitCodes.Ok;
        }, ct));

        var file = new Argument<string>("FILE") { Description = "Where to write the JSON-lines export" };
        var export = new Command("export", "Write the audit trail as JSON lines") { file };
        export.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            await services.GetRequiredService<AuditService>().ExportAsync(parse.GetValue(file)!, token);
            CliConsole.Line($"exported to {parse.GetValue(file)}");
            return ExitCodes.Ok;
        }, ct));

        return new Command("audit", "The hash-chained audit trail") { verify, export };
    }
}
