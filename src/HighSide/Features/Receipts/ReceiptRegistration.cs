namespace TransferPipeline.HighSide.Features.Receipts;

internal static class ReceiptRegistration
{
    public static IServiceCollection AddReceipts(this IServiceCollection services) => services.AddSingleton<ReceiptService>();
}
