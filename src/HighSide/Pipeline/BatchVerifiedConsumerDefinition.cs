using MassTransit;

namespace TransferPipeline.HighSide.Pipeline;

/// <summary>One batch at a time through the gates; infrastructure faults retried a few times.</summary>
internal sealed class BatchVerifiedConsumerDefinition : ConsumerDefinition<BatchVerifiedConsumer>
{
    public BatchVerifiedConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<BatchVerifiedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Intervals(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
}
