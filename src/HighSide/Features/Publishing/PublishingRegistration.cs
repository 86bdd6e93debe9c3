using TransferPipeline.Hosting.Daemon;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.Hosting.Options;

namespace TransferPipeline.HighSide.Features.Publishing;

internal static class PublishingRegistration
{
    public static IServiceCollection AddPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PublishOptions, PublishOptionsValidator>(configuration, PublishOptions.Section);
        services.AddPublishKinds(configuration);
        services.AddSingleton<PublishPlanner>();
        services.AddSingleton<PublishService>();
        return services;
    }

    /// <summary>The consumer that publishes a batch on request, and the scheduled publish of approved batches.</summary>
    public static DaemonBuilder AddPublishingDaemon(this DaemonBuilder daemon) =>
        daemon.AddConsumer<PublishBatchConsumer, PublishBatchConsumerDefinition>()
            .AddJob<PublishJob>(PublishJob.Name,
                daemon.Configuration.GetSection(PublishOptions.Section).Get<PublishOptions>()?.Schedule ?? new PublishOptions().Schedule);
}
