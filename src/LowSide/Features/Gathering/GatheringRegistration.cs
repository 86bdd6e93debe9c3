using Microsoft.Extensions.DependencyInjection.Extensions;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Options;
using TransferPipeline.Hosting.Scanning;
using TransferPipeline.Shared.Scanning.Osv;
using TransferPipeline.LowSide.Progress;

namespace TransferPipeline.LowSide.Features.Gathering;

internal static class GatheringRegistration
{
    public static IServiceCollection AddGathering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GatheringOptions, GatheringOptionsValidator>(configuration, GatheringOptions.Section);
        services.TryAddSingleton<IGatherQueue, ManualGatherQueue>();
        services.TryAddSingleton<IProgressFactory, ConsoleProgressFactory>();
        services.AddSingleton<RegistryClientProvider>();
        services.AddSingleton<RegistryBlobFetcher>();
        services.AddSingleton<HttpFileDownloader>();
        services.AddValidatedOptions<ScanningOptions, ScanningOptionsValidator>(configuration, ScanningOptions.Section);
        services.AddSingleton<OsvDatabases>();
        services.AddSingleton<GatheredArtifactScanner>();
        services.AddSingleton<RequestClaims>();
        services.AddSingleton<GatherService>();
        return services;
    }

    /// <summary>In the daemon a new request wakes the gather consumer through the bus.</summary>
    public static DaemonBuilder AddGatheringDaemon(this DaemonBuilder daemon)
    {
        daemon.Services.AddSingleton<IGatherQueue, BusGatherQueue>();
        return daemon.AddConsumer<GatherRequestConsumer, GatherRequestConsumerDefinition>();
    }
}
