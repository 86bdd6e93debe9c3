using MassTransit;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>One scan at a time (each keeps a core busy); infrastructure faults retried a few times.</summary>
internal sealed class ScanBatchConsumerDefinition : ConsumerDefinition<ScanBatchConsumer>
{
    public ScanBatchConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ScanBatchConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Intervals(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
}
