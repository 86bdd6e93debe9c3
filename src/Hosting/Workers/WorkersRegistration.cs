using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using TransferPipeline.Hosting.Options;

namespace TransferPipeline.Hosting.Workers;

/// <summary>Claims, leases and the workers table for every command; the heartbeat, the scheduler lease and the roles for `serve`.</summary>
public static class WorkersRegistration
{
    public static IServiceCollection AddWorkers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WorkerOptions, WorkerOptionsValidator>(configuration, WorkerOptions.Section);
        services.TryAddSingleton(sp => new WorkerIdentity(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<WorkerActivity>();
        services.TryAddSingleton<DatabaseLeases>();
        services.TryAddSingleton<WorkerRegistry>();
        services.TryAddSingleton<LeasedWork>();
        services.TryAddSingleton<ClaimedWork>();
        services.TryAddSingleton<WorkersStatusQueries>();
        return services;
    }

    /// <summary>
    /// A `serve` process with <paramref name="roles"/>: it reports its heartbeat, and holds the scheduler lease if it schedules.
    /// Without the api role it listens nowhere, unless <paramref name="listensForMetrics"/> (Metrics:Urls).
    /// </summary>
    public static IServiceCollection AddWorkerProcess(this IServiceCollection services, ServeRoles roles, bool listensForMetrics = false)
    {
        services.AddSingleton(sp => new WorkerIdentity(sp.GetRequiredService<TimeProvider>(), roles));
        services.AddHostedService<WorkerHeartbeat>();
        if (roles.HasFlag(ServeRoles.Scheduler))
        {
            services.AddSingleton<SchedulerLeaseKeeper>();
            services.AddHostedService(sp => sp.GetRequiredService<SchedulerLeaseKeeper>());
            services.AddQuartz(quartz => quartz.AddTriggerListener<SchedulerLeaseVeto>());
        }

        if (!roles.HasFlag(ServeRoles.Api) && !listensForMetrics)
        {
            // No listener: several workers share a host without fighting over the API's port.
            services.AddSingleton<IServer, NoHttpServer>();
        }

        return services;
    }
}
