using TransferPipeline.LowSide.Hosting;

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
}
