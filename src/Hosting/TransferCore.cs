using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Backup;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.Hosting.Options;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting;

/// <summary>The services every command and daemon of either side has, then the side's own.</summary>
public static class TransferCore
{
    /// <summary>Data directory, clock, database and its migrations, audit trail and its sinks, site options and key, then the side's services.</summary>
    public static IServiceCollection AddTransferCore(this IServiceCollection services, IConfiguration configuration, DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(data);
        services.TryAddSingleton(configuration);
        services.AddSingleton(data);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PipelineMetrics>();
        var database = SideDatabase.Options(configuration);
        // A factory, so that the container disposes the database (PostgreSQL's connection pool) with itself.
        services.AddSingleton(_ => SideDatabase.Create(database, data));
        services.AddSingleton(sp => new MigrationRunner(
            sp.GetRequiredService<Database>(), data.Side.Migrations, sp.GetRequiredService<TimeProvider>()));
        services.AddAuditTrail(configuration, data);
        services.AddValidatedOptions<SiteOptions, SiteOptionsValidator>(configuration, SiteOptions.Section,
            site => site.KeyFile = data.Side.SiteKeyFile);
        services.AddSingleton<SiteKey>();
        services.AddWorkers(configuration);
        services.AddBackups(configuration);
        data.Side.AddServices(services, configuration, data);
        return services;
    }

    /// <summary>
    /// The services of one CLI command (or a test standing in for one): configuration from the data
    /// directory, warnings and errors on stderr, everything <see cref="AddTransferCore"/> adds.
    /// </summary>
    /// <param name="data">The side's data directory.</param>
    /// <param name="configure">Has the last word on the services (tests replace the clock, for one).</param>
    /// <param name="validateOnBuild">
    /// Check at build time that every registered service can be constructed. Tests keep the check on the whole graph; a command
    /// turns it off, since walking every service's constructors costs a short command more than its own work, and it builds
    /// only the services it asks for.
    /// </param>
    public static ServiceProvider BuildCommandServices(
        DataDirectory data, Action<IServiceCollection>? configure = null, bool validateOnBuild = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        var configuration = SideConfiguration.Build(data);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddTransferCore(configuration, data);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = validateOnBuild });
    }
}
