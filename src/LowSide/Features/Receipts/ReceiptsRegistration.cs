using TransferPipeline.LowSide.Features.Trust;

namespace TransferPipeline.LowSide.Features.Receipts;

internal static class ReceiptsRegistration
{
    public static IServiceCollection AddReceipts(this IServiceCollection services)
    {
        services.AddSingleton<TrustStore>();
        services.AddSingleton<ReceiptRepository>();
        services.AddSingleton<ReceiptImportService>();
        return services;
    }
}
