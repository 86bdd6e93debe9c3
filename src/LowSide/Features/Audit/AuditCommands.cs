using System.CommandLine;
using System.Globalization;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Audit;

/// <summary>`lowside audit verify`: checks every entry's hash and link in the site's database, whichever provider holds it.</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var verify = new Command("verify", "Check every audit entry's hash and link; names the first bad entry");
        verify.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var result = await services.GetRequiredService<AuditTrail>().Log.VerifyAsync(token);
            if (!result.IsValid)
            {
                var firstBad = result.FirstBadSequence?.ToString(CultureInfo.InvariantCulture) ?? "?";
                return CliConsole.Fail($"audit trail broken at entry {firstBad} [{result.Status}]: {result.Message}");
            }

            CliConsole.Line($"OK: {result.EntriesVerified} entries verified");
            return ExitCodes.Ok;
        }, ct));
        return new Command("audit", "The hash-chained audit trail") { verify };
    }
}
