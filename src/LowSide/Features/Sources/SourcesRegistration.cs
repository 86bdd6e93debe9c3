using TransferPipeline.Hosting.Options;

namespace TransferPipeline.LowSide.Features.Sources;

internal static class SourcesRegistration
{
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SourcesOptions, SourcesOptionsValidator>(configuration, SourcesOptions.Section);
        services.AddSingleton<SourcePolicy>();
        services.AddSingleton<RegistrySignatureKeys>();
        return services;
    }
}
