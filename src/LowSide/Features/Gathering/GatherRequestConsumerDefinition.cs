using MassTransit;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>
/// Two gathers at once (the machine has few cores and the network is the bottleneck); infrastructure
/// faults (disk, database) are retried with backoff. Registry and HTTP retries happen inside the gatherer.
/// </summary>
internal sealed class GatherRequestConsumerDefinition : ConsumerDefinition<GatherRequestConsumer>
{
    public GatherRequestConsumerDefinition() => ConcurrentMessageLimit = 2;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<GatherRequestConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2)));
}
