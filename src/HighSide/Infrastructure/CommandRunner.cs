using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>
/// Runs one CLI verb against an initialised data directory: builds the same services the daemon
/// uses, validates options, applies migrations, and turns infrastructure faults into one stderr line.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> action,
        CancellationToken cancellationToken)
    {
        var data = CommonOptions.ResolveData(parse);
        if (data is null)
        {
            return CliConsole.Usage($"no data directory: pass --data DIR or set {DataDirectory.EnvironmentVariable}");
        }

        if (!data.IsInitialized)
        {
            return CliConsole.Fail($"{data.Root} is not an initialised high-side data directory: run `highside init --data {data.Root} --site SITE` first");
        }

        try
        {
            var configuration = HighSideConfiguration.Build(data);
            var services = new ServiceCollection()
                .AddLogging(logging => logging.AddSimpleConsole().AddFilter(level => level >= LogLevel.Warning)
                    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace))
                .AddHighSideCore(configuration, data);
            await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
            provider.GetRequiredService<IStartupValidator>().Validate();
            await provider.GetRequiredService<MigrationRunner>().RunAsync(cancellationToken);
            return await action(provider, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException or OptionsValidationException
            or KeyPasswordException or MinisignFormatException or CryptographicException or MigrationRefusedException)
        {
            return CliConsole.Fail(ex.Message);
        }
    }
}
