using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TransferPipeline.Hosting.Backup;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Http;
using TransferPipeline.Hosting.Logging;
using TransferPipeline.Hosting.Messaging;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.Hosting.Scheduling;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.Hosting.Daemon;

/// <summary>
/// `serve` on either side: migrations first, the side's services and its daemon parts, the HTTP API,
/// the bus and the scheduler, logging through Serilog to the console and the data directory.
/// </summary>
public static class TransferDaemon
{
    /// <param name="data">An initialised data directory; its side decides what the daemon holds.</param>
    /// <param name="urls">Overrides Http:Urls (tests listen on port 0).</param>
    /// <param name="configure">Last word on the services (tests replace the clock).</param>
    /// <param name="roles">What this process runs (`serve --role`): the API, the workers, the scheduler, or all three.</param>
    public static WebApplication Build(
        DataDirectory data, string? urls = null, Action<IServiceCollection>? configure = null, ServeRoles roles = ServeRoles.All)
    {
        ArgumentNullException.ThrowIfNull(data);
        var side = data.Side;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = data.Root, Args = [] });
        builder.Configuration.AddSideConfiguration(data);
        builder.AddTransferLogging(data.LogsDirectory, side.Name);
        builder.Services.AddHostedService<DatabaseMigration>();
        var metricsUrls = TransferMetrics.ListenUrls(builder.Configuration, roles);
        builder.Services.AddWorkerProcess(roles, listensForMetrics: metricsUrls is not null);
        builder.Services.AddTransferCore(builder.Configuration, data);
        var daemon = new DaemonBuilder(builder, data, roles);
        side.AddDaemon(daemon);
        daemon.AddScheduledBackups();
        builder.AddTransferHttp(data, metricsUrls ?? urls);
        builder.AddTransferMetrics(data);
        builder.Services.AddTransferBus(builder.Configuration, roles.HasFlag(ServeRoles.Worker) ? daemon.AddConsumersTo : _ => { }, daemon.WorkerQueues);
        builder.Services.AddTransferScheduler(roles.HasFlag(ServeRoles.Scheduler) ? daemon.Jobs : []);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        if (metricsUrls is not null)
        {
            app.UseMetricsOnlyListener();
        }

        var api = app.UseTransferHttp(daemon.ApiRequiresAuthentication);
        app.UseTransferMetrics();
        side.MapEndpoints(api, app);
        return app;
    }
}
