using Microsoft.Extensions.DependencyInjection.Extensions;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Keys;
using TransferPipeline.LowSide.Features.Receipts;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Hosting;

/// <summary>Registers everything the CLI verbs and the daemon share; each feature adds itself.</summary>
internal static class LowSideServices
{
    public const string EnvironmentPrefix = "LOWSIDE__";

    public static IConfigurationBuilder AddLowSideConfiguration(this IConfigurationBuilder builder, DataDirectory data) =>
        builder.AddJsonFile(data.ConfigFile, optional: false, reloadOnChange: false).AddEnvironmentVariables(EnvironmentPrefix);

    public static IServiceCollection AddLowSide(this IServiceCollection services, IConfiguration configuration, DataDirectory data)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(data);
        services.AddSingleton(new SqliteDatabase(data.DatabaseFile));
        services.AddSingleton(new ContentStore(data.StoreDirectory));
        services.AddSingleton(sp => new AuditLog(
            sp.GetRequiredService<SqliteDatabase>(), Path.Combine(data.LogsDirectory, "audit.jsonl"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AuditTrail>();
        services.AddSingleton(sp => new MigrationRunner(sp.GetRequiredService<SqliteDatabase>(), LowSideMigrations.All, sp.GetRequiredService<TimeProvider>()));
        services.AddValidatedOptions<SiteOptions, SiteOptionsValidator>(configuration, SiteOptions.Section);
        services.AddValidatedOptions<HttpOptions, HttpOptionsValidator>(configuration, HttpOptions.Section);
        services.AddValidatedOptions<BusOptions, BusOptionsValidator>(configuration, BusOptions.Section);
        services.AddSingleton<SiteKeys>();
        services.AddSources(configuration);
        services.AddRequests();
        services.AddGathering(configuration);
        services.AddBatches(configuration);
        services.AddReceipts();
        return services;
    }
}
