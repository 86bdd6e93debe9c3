using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Options;

namespace TransferPipeline.Hosting.Messaging;

/// <summary>The MassTransit wiring of both daemons: the side's consumers on the in-memory transport or RabbitMQ (Bus section).</summary>
public static class TransferBus
{
    public static IServiceCollection AddTransferBus(
        this IServiceCollection services, IConfiguration configuration, Action<IBusRegistrationConfigurator> addConsumers,
        IReadOnlyList<WorkerQueueBinding> workerQueues)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(addConsumers);
        services.AddValidatedOptions<BusOptions, BusOptionsValidator>(configuration, BusOptions.Section);
        var bus = configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();

        // Start-up work publishes wake-ups once the host has started: the bus (its queues bound) must be up by then, or they
        // would go to an exchange without a queue. A broker that does not answer in time fails the start loudly.
        services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(60);
        });
        services.AddMassTransit(x =>
        {
            addConsumers(x);
            if (bus.IsRabbitMq)
            {
                var broker = bus.Broker();
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(broker.Host, (ushort)broker.Port, broker.VirtualHost, host =>
                    {
                        host.Username(broker.Username);
                        host.Password(broker.Password);
                        if (broker.UseTls)
                        {
                            host.UseSsl(ssl => ssl.ServerName = broker.Host);
                        }
                    });
                    foreach (var work in workerQueues)
                    {
                        var messageExchange = work.MessageExchange(cfg.MessageTopology.EntityNameFormatter);
                        cfg.Publish(work.Message, topology => topology.BindQueue(messageExchange, work.Queue));
                    }

                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return services;
    }
}
