using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Options;
using TransferPipeline.Hosting.Workers;
using Microsoft.AspNetCore.Http;

namespace TransferPipeline.Hosting.Metrics;

/// <summary>
/// GET /metrics on both daemons: OpenTelemetry's Prometheus exporter over the <see cref="PipelineMetrics.MeterName"/> meter, the
/// counters fed by <see cref="AuditMetrics"/> and the code paths' step timings, the gauges read from the database by
/// <see cref="StateMetrics"/>. Only `serve` calls this, so no CLI command loads OpenTelemetry.
/// </summary>
internal static class TransferMetrics
{
    public static WebApplicationBuilder AddTransferMetrics(this WebApplicationBuilder builder, DataDirectory data)
    {
        builder.Services.AddValidatedOptions<MetricsOptions, MetricsOptionsValidator>(builder.Configuration, MetricsOptions.Section);
        if (!IsEnabled(builder.Configuration))
        {
            return builder;
        }

        builder.Services.AddSingleton<IAuditSink, AuditMetrics>();
        builder.Services.AddSingleton<IStateMetricsSource, WorkerStateSource>();
        builder.Services.AddSingleton<StateMetrics>();
        builder.Services.AddSingleton<MetricsAccess>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(data.Side.Name))
            .WithMetrics(metrics => metrics.AddMeter(PipelineMetrics.MeterName).AddPrometheusExporter());
        return builder;
    }

    /// <summary>Maps /metrics behind <see cref="MetricsAccess"/>; creates the state gauges before the first scrape.</summary>
    public static WebApplication UseTransferMetrics(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration))
        {
            return app;
        }

        // Validates Metrics:TokenFile now rather than at the first scrape.
        _ = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        _ = app.Services.GetRequiredService<StateMetrics>();
        // The provider listens from here on: the zeros StartSeries records are exported.
        _ = app.Services.GetRequiredService<MeterProvider>();
        app.Services.GetRequiredService<PipelineMetrics>().StartSeries();
        var access = app.Services.GetRequiredService<MetricsAccess>();
        app.Use((context, next) => access.InvokeAsync(context, next));
        app.MapPrometheusScrapingEndpoint(MetricsAccess.Path).WithMetadata(new MetricsAccess.ScrapingEndpoint());
        return app;
    }

    /// <summary>Metrics:Urls when the process has no api role and metrics are on: where it listens for /metrics and /health; else null.</summary>
    public static string? ListenUrls(IConfiguration configuration, ServeRoles roles) =>
        !roles.HasFlag(ServeRoles.Api) && IsEnabled(configuration)
            && configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Urls)}"] is { Length: > 0 } urls
            ? urls
            : null;

    /// <summary>In a process without the api role that listens on Metrics:Urls: everything but /metrics and /health is 404.</summary>
    public static WebApplication UseMetricsOnlyListener(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.Equals(MetricsAccess.Path, StringComparison.OrdinalIgnoreCase)
                || context.Request.Path.Equals("/health", StringComparison.OrdinalIgnoreCase))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    private static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue($"{MetricsOptions.Section}:{nameof(MetricsOptions.Enabled)}", true);
}
