using Microsoft.Extensions.DependencyInjection.Extensions;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Audit;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Features.Receipts;
using TransferPipeline.HighSide.Features.Trust;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>Everything the CLI and the daemon share: data directory, database, audit, and every feature.</summary>
internal static class HighSideServices
{
    public static IServiceCollection AddHighSideCore(this IServiceCollection services, IConfiguration configuration, DataDirectory data)
    {
        services.AddSingleton(configuration);
        services.AddSingleton(data);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new SqliteDatabase(data.Database));
        services.AddSingleton(sp => new MigrationRunner(sp.GetRequiredService<SqliteDatabase>(), HighSideMigrations.All, sp.GetRequiredService<TimeProvider>()));
        services.AddValidatedOptions<SiteOptions, SiteOptionsValidator>(configuration, SiteOptions.Section);
        services.AddSingleton<SiteKey>();
        services.AddSingleton<SettingsRepository>();
        services.AddSingleton<BatchRepository>();
        services.AddSingleton<BatchBlobRepository>();
        return services
            .AddAudit()
            .AddTrust()
            .AddOfficers()
            .AddImport(configuration)
            .AddApproval(configuration)
            .AddPublishing(configuration)
            .AddReceipts();
    }
}
