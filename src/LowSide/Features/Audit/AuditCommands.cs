using System.CommandLine;
using System.Globalization;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Audit;

/// <summary>
/// `lowside audit verify`: checks every entry's hash and link in the site's database, whichever provider holds it, and that
/// the entries a log host kept are still there as they were.
/// </summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var copies = LogHostCopyOption.Create();
        var verify = new Command("verify", "Check every audit entry's hash and link, and the log host's copies given; names the first bad entry")
        {
            copies,
        };
        verify.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var log = services.GetRequiredService<AuditTrail>().Log;
            var result = await log.VerifyAsync(token);
            if (!result.IsValid)
            {
                var firstBad = result.FirstBadSequence?.ToString(CultureInfo.InvariantCulture) ?? "?";
                return CliConsole.Fail($"audit trail broken at entry {firstBad} [{result.Status}]: {result.Message}");
            }

            IReadOnlyList<AuditAnchor> anchors;
            try
            {
                anchors = LogHostCopyOption.Read(parse, copies, services);
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                return CliConsole.Fail(ex.Message);
            }

            var pinned = await log.CheckAnchorsAsync(anchors, token);
            if (!pinned.IsValid)
            {
                return CliConsole.Fail($"audit trail broken at entry {pinned.FirstBad!.Sequence} [{pinned.Status}]: {pinned.Message}");
            }

            CliConsole.Line($"OK: {result.EntriesVerified} entries verified" + (anchors.Count == 0 ? "" : $"; {pinned.AnchorsChecked} anchor(s) hold"));
            return ExitCodes.Ok;
        }, ct));
        return new Command("audit", "The hash-chained audit trail") { verify };
    }
}
