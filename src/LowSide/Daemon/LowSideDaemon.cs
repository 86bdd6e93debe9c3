using MassTransit;
using Quartz;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Hosting;
using TransferPipeline.Shared.Hosting;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Daemon;

/// <summary>
/// `lowside serve`: the HTTP API, the MassTransit bus with the gather consumer, the Quartz cut schedule
/// and the start-up re-queue of unfinished work, logging through Serilog to the console and DATA/logs.
/// </summary>
internal static class LowSideDaemon
{
    public static WebApplication Build(DataDirectory data, string? urls = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = data.Root, Args = [] });
        builder.Configuration.AddLowSideConfiguration(data);
        builder.AddTransferDefaults(data.LogsDirectory, "lowside");
        var http = builder.Configuration.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new HttpOptions();
        builder.WebHost.UseUrls(urls ?? http.Urls);
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(20));

        builder.Services.AddSingleton<IProgressFactory, LogProgressFactory>();
        builder.Services.AddSingleton<IGatherQueue, BusGatherQueue>();
        builder.Services.AddLowSide(builder.Configuration, data);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        AddBus(builder);
        AddScheduler(builder);
        builder.Services.AddHostedService<UnfinishedWorkRequeuer>();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapOpenApi();
        app.MapTransferHealth();
        app.MapRequestEndpoints();
        app.MapBatchEndpoints();
        return app;
    }

    public static async Task<int> RunAsync(DataDirectory data, CancellationToken ct)
    {
        var app = Build(data);
        await using (app.ConfigureAwait(false))
        {
            await app.Services.GetRequiredService<MigrationRunner>().RunAsync(ct);
            await app.RunAsync(ct);
        }

        return 0;
    }

    private static void AddBus(WebApplicationBuilder builder)
    {
        var bus = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<GatherRequestConsumer, GatherRequestConsumerDefinition>();
            if (bus.UsesRabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(bus.RabbitMqHost, bus.RabbitMqVirtualHost, host =>
                    {
                        host.Username(bus.RabbitMqUsername ?? "guest");
                        host.Password(bus.RabbitMqPassword ?? "guest");
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
    }

    private static void AddScheduler(WebApplicationBuilder builder)
    {
        var schedule = builder.Configuration.GetSection(BatchesOptions.Section).Get<BatchesOptions>()?.Schedule;
        builder.Services.AddQuartz(q =>
        {
            if (string.IsNullOrWhiteSpace(schedule))
            {
                return;
            }

            q.AddJob<CutBatchJob>(j => j.WithIdentity(CutBatchJob.Key));
            q.AddTrigger(t => t.ForJob(CutBatchJob.Key).WithIdentity(CutBatchJob.TriggerName).WithCronSchedule(schedule));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
