
namespace TransferPipeline.LowSide.Features.Receipts;

internal static class ReceiptsRegistration
{
    public static IServiceCollection AddReceipts(this IServiceCollection services)
    {
        return services;
    }
}
