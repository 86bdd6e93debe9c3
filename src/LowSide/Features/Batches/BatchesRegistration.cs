
namespace TransferPipeline.LowSide.Features.Batches;

internal static class BatchesRegistration
{
    public static IServiceCollection AddBatches(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
