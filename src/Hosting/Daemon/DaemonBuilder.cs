using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Messaging;
using TransferPipeline.Hosting.Scheduling;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.Hosting.Daemon;

/// <summary>What a side adds to its daemon: consumers on the bus, scheduled jobs, hosted services, more services.</summary>
public sealed class DaemonBuilder(WebApplicationBuilder builder, DataDirectory data, ServeRoles roles = ServeRoles.All)
{
    private readonly List<Action<IBusRegistrationConfigurator>> _consumers = [];
    private readonly List<ScheduledJob> _jobs = [];
    private readonly List<WorkerQueueBinding> _workerQueues = [];

    public IServiceCollection Services => builder.Services;

    public IConfiguration Configuration => builder.Configuration;

    public DataDirectory Data => data;

    /// <summary>What this process runs; a side adds its workers' hosted services only with <see cref="ServeRoles.Worker"/>.</summary>
    public ServeRoles Roles => roles;

    public IReadOnlyList<ScheduledJob> Jobs => _jobs;

    /// <summary>The queues of every consumer the side has, whether or not this process runs them.</summary>
    public IReadOnlyList<WorkerQueueBinding> WorkerQueues => _workerQueues;

    /// <summary>Whether the API endpoints require an authenticated caller (the side registered its schemes).</summary>
    public bool ApiRequiresAuthentication { get; private set; }

    /// <summary>Every API endpoint needs an authenticated caller; the side registers its authentication schemes and policies.</summary>
    public DaemonBuilder RequireAuthentication()
    {
        ApiRequiresAuthentication = true;
        return this;
    }

    public DaemonBuilder AddConsumer<TConsumer, TDefinition>()
        where TConsumer : class, IConsumer
        where TDefinition : class, IConsumerDefinition<TConsumer>
    {
        _consumers.Add(x => x.AddConsumer<TConsumer, TDefinition>());
        _workerQueues.AddRange(WorkerQueueBinding.Of<TConsumer>());
        return this;
    }

    /// <summary>Schedules <typeparamref name="TJob"/> with a Quartz cron expression; an empty one leaves it unscheduled.</summary>
    public DaemonBuilder AddJob<TJob>(string name, string? cron)
        where TJob : IJob
    {
        _jobs.Add(ScheduledJob.For<TJob>(name, cron));
        return this;
    }

    internal void AddConsumersTo(IBusRegistrationConfigurator bus)
    {
        foreach (var add in _consumers)
        {
            add(bus);
        }
    }
}
