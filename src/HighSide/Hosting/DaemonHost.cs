using MassTransit;
using Quartz;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.Hosting;

namespace TransferPipeline.HighSide.Hosting;

/// <summary>`highside serve`: drop-folder watcher, publish schedule, message consumers and the HTTP API on one host.</summary>
internal static class DaemonHost
{
    public static WebApplication Build(DataDirectory data, string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = data.Root });
        builder.Configuration.AddHighSideSources(data);
        builder.AddTransferDefaults(data.Logs, "highside");
        builder.Services.AddHighSideCore(builder.Configuration, data);
        builder.Services.AddValidatedOptions<HttpOptions, HttpOptionsValidator>(builder.Configuration, HttpOptions.Section);
        builder.WebHost.UseUrls(builder.Configuration.GetSection(HttpOptions.Section).Get<HttpOptions>()?.Urls ?? new HttpOptions().Urls);
        builder.Services.AddProblemDetails();
        builder.Services.AddHostedService<DatabaseMigration>();
        builder.Services.AddValidatedOptions<BusOptions, BusOptionsValidator>(builder.Configuration, BusOptions.Section);
        var transport = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddConsumer<ImportVolumeConsumer, ImportVolumeConsumerDefinition>();
            bus.AddConsumer<PublishBatchConsumer, PublishBatchConsumerDefinition>();
            if (transport.IsRabbitMq && transport.Host is not null)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(transport.Host), host =>
                    {
                        host.Username(transport.Username ?? "guest");
                        host.Password(transport.Password ?? "guest");
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        var schedule = builder.Configuration.GetSection(PublishOptions.Section).Get<PublishOptions>()?.Schedule ?? new PublishOptions().Schedule;
        builder.Services.AddQuartz(quartz =>
        {
            var job = new JobKey(PublishJob.Name);
            quartz.AddJob<PublishJob>(j => j.WithIdentity(job));
            quartz.AddTrigger(trigger => trigger.ForJob(job).WithIdentity(PublishJob.TriggerName).WithCronSchedule(schedule));
        });
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        builder.Services.AddHostedService<StartupRecovery>();
        builder.Services.AddHostedService<DropFolderWatcher>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var app = builder.Build();
        app.MapTransferHealth();
        app.MapApproval();
        return app;
    }
}
