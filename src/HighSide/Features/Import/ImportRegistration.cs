using TransferPipeline.HighSide.Batches;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Options;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.HighSide.Features.Import;

internal static class ImportRegistration
{
    public static IServiceCollection AddImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ImportOptions, ImportOptionsValidator>(configuration, ImportOptions.Section);
        services.AddValidatedOptions<PolicyOptions, PolicyOptionsValidator>(configuration, PolicyOptions.Section);
        services.AddSingleton<BlobRepository>();
        services.AddSingleton<BlobLocator>();
        services.AddSingleton<QuarantineManifest>();
        services.AddSingleton<ImportPolicy>();
        services.AddSingleton<ImportRules>();
        services.AddSingleton<QuarantineSpace>();
        services.AddSingleton<QuarantineRoom>();
        services.AddSingleton<ReinsertedVolumes>();
        services.AddSingleton<QuarantineRepair>();
        services.AddSingleton<BatchAssembler>();
        services.AddSingleton<ImportService>();
        return services;
    }

    /// <summary>
    /// The consumer that imports volumes (workers); the drop-folder watcher that asks for them and the sweep of old refused
    /// copies (schedulers: they need not run in every process).
    /// </summary>
    public static DaemonBuilder AddImportDaemon(this DaemonBuilder daemon)
    {
        if (daemon.Roles.HasFlag(ServeRoles.Scheduler))
        {
            daemon.Services.AddHostedService<DropFolderWatcher>();
            daemon.Services.AddHostedService<RefusedCopySweep>();
        }

        return daemon.AddConsumer<ImportVolumeConsumer, ImportVolumeConsumerDefinition>();
    }
}
