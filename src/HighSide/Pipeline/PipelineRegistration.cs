using Microsoft.Extensions.DependencyInjection.Extensions;
using TransferPipeline.Hosting.Daemon;

namespace TransferPipeline.HighSide.Pipeline;

internal static class PipelineRegistration
{
    public static IServiceCollection AddBatchPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton<IBatchSignals, InlineBatchSignals>();
        services.AddSingleton<BatchPipeline>();
        services.AddSingleton<BatchLifecycle>();
        return services;
    }

    /// <summary>Adds <typeparamref name="TGate"/> after the gates registered before it.</summary>
    public static IServiceCollection AddBatchGate<TGate>(this IServiceCollection services)
        where TGate : class, IBatchGate => services.AddSingleton<IBatchGate, TGate>();

    /// <summary>In the daemon, steps are woken through the bus.</summary>
    public static DaemonBuilder AddBatchPipelineDaemon(this DaemonBuilder daemon)
    {
        daemon.Services.AddSingleton<IBatchSignals, BusBatchSignals>();
        return daemon.AddConsumer<BatchVerifiedConsumer, BatchVerifiedConsumerDefinition>();
    }
}
