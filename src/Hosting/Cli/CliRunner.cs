using System.CommandLine;
using System.Security.Cryptography;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Cli;

/// <summary>
/// Runs one CLI verb of either executable against an initialised data directory: builds the same
/// services the daemon uses (each constructed when the verb first asks for it), brings the schema up to date, hands the
/// verb its services, and turns invalid settings it reads and infrastructure faults into one line on stderr.
/// </summary>
public static class CliRunner
{
    public static async Task<int> RunAsync(
        HostSide side, ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> verb, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(verb);
        var data = side.ResolveData(parse);
        if (data is null || !data.IsInitialized)
        {
            return CliConsole.Usage(NotInitialized(side, data));
        }

        try
        {
            // Options are validated when the verb's services first read them (the daemon validates every section at start):
            // a command pays for the rules of the settings it uses, and a bad setting it reads still stops it here.
            await using var services = TransferCore.BuildCommandServices(data, validateOnBuild: false);
            await services.GetRequiredService<MigrationRunner>().RunAsync(cancellationToken);
            return await verb(services, cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            return CliConsole.Fail(string.Join("; ", ex.Failures));
        }
        catch (Exception ex) when (IsInfrastructureFault(ex))
        {
            return CliConsole.Fail(ex.Message);
        }
    }

    /// <summary>Faults of the machine or its files rather than bugs: reported in one line, never as a stack trace.</summary>
    public static bool IsInfrastructureFault(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or DbException or KeyPasswordException or MinisignFormatException
            or CryptographicException or MigrationRefusedException or DurabilityRefusedException or InvalidDataException;

    public static string NotInitialized(HostSide side, DataDirectory? data)
    {
        ArgumentNullException.ThrowIfNull(side);
        return data is null
            ? $"no data directory: pass --data DIR or set {side.DataVariable}"
            : $"{data.Root} is not a {side.Name} data directory (no {side.ConfigFileName}): " +
              $"run '{side.Name} init --data {data.Root} --site SITE_ID' first";
    }
}
