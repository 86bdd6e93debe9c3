using System.Reflection;
using MassTransit;

namespace TransferPipeline.Hosting.Messaging;

/// <summary>
/// A message type and the queue of the workers that consume it, named as MassTransit names the consumer's endpoint. Every
/// process binds these queues to the message's exchange when it first publishes there, so work asked for before any worker
/// has started (a scheduler-only process on a fresh broker) waits in the queue instead of being dropped by an exchange
/// without queues. The queue is bound to the message's own exchange: RabbitMQ routes one publish to a queue once, however
/// many bindings lead there.
/// </summary>
public sealed record WorkerQueueBinding(Type Message, string Queue)
{
    private static readonly MethodInfo FormatEntityName = typeof(IEntityNameFormatter).GetMethod(nameof(IEntityNameFormatter.FormatEntityName))!;

    /// <summary>The exchange MassTransit publishes <see cref="Message"/> to, named by the bus's entity name formatter.</summary>
    public string MessageExchange(IEntityNameFormatter formatter) => (string)FormatEntityName.MakeGenericMethod(Message).Invoke(formatter, null)!;

    /// <summary>The queues <typeparamref name="TConsumer"/> receives from, one per message type it consumes.</summary>
    public static IEnumerable<WorkerQueueBinding> Of<TConsumer>()
        where TConsumer : class, IConsumer
    {
        var queue = DefaultEndpointNameFormatter.Instance.Consumer<TConsumer>();
        return typeof(TConsumer).GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => new WorkerQueueBinding(i.GetGenericArguments()[0], queue));
    }
}
