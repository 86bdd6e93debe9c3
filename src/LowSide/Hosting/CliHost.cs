using System.CommandLine;
using Microsoft.Extensions.Options;
using TransferPipeline.LowSide.Errors;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Hosting;

/// <summary>
/// Runs one CLI verb against an initialised data directory: loads lowside.json (+ LOWSIDE__ variables),
/// validates the options, brings the schema up to date and hands the verb its services.
/// </summary>
internal static class CliHost
{
    public static async Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> verb, CancellationToken ct)
    {
        var data = DataDirectory.From(parse.GetValue(DataOption.Instance));
        if (data is null || !File.Exists(data.ConfigFile))
        {
            return ErrorMapping.ToExitCode(NotInitialized(data));
        }

        try
        {
            await using var services = Build(data);
            await services.GetRequiredService<MigrationRunner>().RunAsync(ct);
            return await verb(services, ct);
        }
        catch (OptionsValidationException ex)
        {
            return CliConsole.Fail(string.Join("; ", ex.Failures));
        }
        catch (Exception ex) when (ex is MigrationRefusedException or InvalidDataException or IOException or UnauthorizedAccessException
            or MinisignFormatException or KeyPasswordException)
        {
            return CliConsole.Fail(ex.Message);
        }
    }

    public static ServiceProvider Build(DataDirectory data)
    {
        var configuration = new ConfigurationBuilder().AddLowSideConfiguration(data).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddLowSide(configuration, data);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static LowSideError NotInitialized(DataDirectory? data) => new(LowSideError.NotInitialized, data is null
        ? $"no data directory: pass --data DIR or set {DataDirectory.EnvironmentVariable}"
        : $"{data.Root} is not a low side data directory (no lowside.json): run 'lowside init --data {data.Root} --site SITE_ID' first");
}
