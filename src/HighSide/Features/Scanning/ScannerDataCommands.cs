using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Kinds.ScannerData;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Hosting.Scanning;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>`highside scanner-data list`: the scanner data in force (activated or configured) and every activation.</summary>
internal static class ScannerDataCommands
{
    public static Command Create()
    {
        var list = new Command("list", "Show the scanner data in force and every scanner-data artifact activated here") { CommonOptions.Json };
        list.SetAction((parse, ct) => HighSideHost.RunAsync(parse, async (services, token) =>
        {
            var active = services.GetRequiredService<ActiveScannerData>();
            var activated = await services.GetRequiredService<ScannerDataRepository>().AllAsync(token);
            var inForce = new
            {
                scanning = await active.ScanningOnAsync(token),
                clamav = await active.ClamAvDatabaseAsync(token),
                osv = await active.OsvDatabaseAsync(token),
            };
            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(new { inForce, activated });
                return ExitCodes.Ok;
            }

            var configured = services.GetRequiredService<IOptions<ScanningOptions>>().Value;
            CliConsole.Line($"scanning: {(inForce.scanning ? "on" : "off")}");
            CliConsole.Line($"clamav in force: {Describe(inForce.clamav, configured.ClamAv.Database, "Scanning:ClamAv:Database")}");
            CliConsole.Line($"osv in force: {Describe(inForce.osv, configured.Osv.Database, "Scanning:Osv:Database")}");
            foreach (var data in activated)
            {
                var records = data.Records is { } count ? string.Create(CultureInfo.InvariantCulture, $", {count} records") : "";
                CliConsole.Line($"{data.ActivatedUtc:u}  {data.Name,-6}  {data.DataVersion}{records}  batch {data.BatchId}  {data.Directory}");
            }

            return ExitCodes.Ok;
        }, ct));
        return new Command("scanner-data", "Scanner data (ClamAV signatures, OSV records) published here") { list };
    }

    private static string Describe(string? directory, string? configured, string setting) =>
        directory is null ? "none" : directory == configured ? $"{directory} ({setting})" : directory;
}
