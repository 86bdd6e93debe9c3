using System.CommandLine;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.HighSide.Features.Audit;

/// <summary>`highside audit verify` and `highside audit export FILE`.</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var anchors = new Option<string[]>("--anchor")
        {
            Description = "A receipt the low side kept, or a statement an officer signed: the entry it pins must be there as it was (repeatable)",
        };
        var copies = LogHostCopyOption.Create();
        var verify = new Command("verify", "Check every audit entry's hash and link, every signed checkpoint, and the anchors given; names the first bad entry")
        {
            anchors,
            copies,
        };
        verify.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var audit = services.GetRequiredService<AuditService>();
            var result = await audit.VerifyAsync(token);
            if (!result.IsValid)
            {
                var firstBad = result.FirstBadSequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
                return CliConsole.Fail($"audit trail broken at entry {firstBad} [{result.Status}]: {result.Message}");
            }

            var files = parse.GetValue(anchors) ?? [];
            IReadOnlyList<AuditAnchor> read;
            try
            {
                read = [.. files.Select(AuditAnchorFile.Read), .. LogHostCopyOption.Read(parse, copies, services)];
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                return CliConsole.Fail(ex.Message);
            }

            var pinned = await audit.CheckAnchorsAsync(read, token);
            if (!pinned.IsValid)
            {
                return CliConsole.Fail($"audit trail broken at entry {pinned.FirstBad!.Sequence} [{pinned.Status}]: {pinned.Message}");
            }

            CliConsole.Line($"OK: {result.EntriesVerified} entries and {result.CheckpointsVerified} checkpoints verified"
                + (read.Count == 0 ? "" : $"; {pinned.AnchorsChecked} anchor(s) hold"));
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
