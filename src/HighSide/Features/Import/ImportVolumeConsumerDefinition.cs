using MassTransit;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>One import at a time (they share the quarantine disk); infrastructure faults retried a few times.</summary>
internal sealed class ImportVolumeConsumerDefinition : ConsumerDefinition<ImportVolumeConsumer>
{
    public ImportVolumeConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ImportVolumeConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Intervals(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
}
