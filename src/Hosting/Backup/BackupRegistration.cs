using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Options;

namespace TransferPipeline.Hosting.Backup;

internal static class BackupRegistration
{
    public static IServiceCollection AddBackups(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<BackupOptions, BackupOptionsValidator>(configuration, BackupOptions.Section);
        services.AddSingleton<SiteBackup>();
        return services;
    }

    /// <summary>The scheduled backup, when Backup:Schedule names one.</summary>
    public static DaemonBuilder AddScheduledBackups(this DaemonBuilder daemon) =>
        daemon.AddJob<BackupJob>(BackupJob.Name, daemon.Configuration.GetSection(BackupOptions.Section).Get<BackupOptions>()?.Schedule);
}
