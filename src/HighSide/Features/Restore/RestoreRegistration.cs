namespace TransferPipeline.HighSide.Features.Restore;

internal static class RestoreRegistration
{
    public static IServiceCollection AddRestore(this IServiceCollection services)
    {
        services.AddSingleton<RestoreGate>();
        services.AddSingleton<RestoreConfirmation>();
        return services;
    }
}
