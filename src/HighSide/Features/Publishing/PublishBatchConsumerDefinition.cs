using MassTransit;

namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>One publish at a time; mirror hiccups retried with growing pauses (the publish resumes where it stopped).</summary>
internal sealed class PublishBatchConsumerDefinition : ConsumerDefinition<PublishBatchConsumer>
{
    public PublishBatchConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<PublishBatchConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(5)));
}
