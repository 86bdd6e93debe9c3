using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Options;

namespace TransferPipeline.LowSide.Features.Batches;

internal static class BatchesRegistration
{
    public static IServiceCollection AddBatches(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<BatchesOptions, BatchesOptionsValidator>(configuration, BatchesOptions.Section);
        services.AddSingleton<BatchRepository>();
        services.AddSingleton<BatchArtifacts>();
        services.AddSingleton<InterruptedBatchRecovery>();
        services.AddSingleton<BatchCutService>();
        services.AddSingleton<BatchQueries>();
        return services;
    }

    /// <summary>The scheduled cut, when Batches:Schedule is set.</summary>
    public static DaemonBuilder AddBatchesDaemon(this DaemonBuilder daemon) =>
        daemon.AddJob<CutBatchJob>(CutBatchJob.Name, daemon.Configuration.GetSection(BatchesOptions.Section).Get<BatchesOptions>()?.Schedule);
}
