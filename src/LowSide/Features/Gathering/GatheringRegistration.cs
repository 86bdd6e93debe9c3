using Microsoft.Extensions.DependencyInjection.Extensions;
using TransferPipeline.LowSide.Hosting;

namespace TransferPipeline.LowSide.Features.Gathering;

internal static class GatheringRegistration
{
    public static IServiceCollection AddGathering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GatheringOptions, GatheringOptionsValidator>(configuration, GatheringOptions.Section);
        services.TryAddSingleton<IGatherQueue, ManualGatherQueue>();
        services.TryAddSingleton<IProgressFactory, ConsoleProgressFactory>();
        services.AddSingleton<RegistryClientProvider>();
        services.AddSingleton<HttpFileDownloader>();
        services.AddSingleton<ImageGatherer>();
        services.AddSingleton<FileGatherer>();
        services.AddSingleton<ChartGatherer>();
        services.AddSingleton<GatherService>();
        return services;
    }
}
