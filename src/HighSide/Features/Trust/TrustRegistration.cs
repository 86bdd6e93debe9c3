namespace TransferPipeline.HighSide.Features.Trust;

internal static class TrustRegistration
{
    public static IServiceCollection AddTrust(this IServiceCollection services) =>
        services.AddSingleton<TrustRepository>().AddSingleton<TrustService>();
}
