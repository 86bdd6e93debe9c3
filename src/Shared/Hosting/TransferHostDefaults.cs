using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace TransferPipeline.Shared.Hosting;

/// <summary>What every TransferPipeline daemon shares: Serilog, health checks, the clock.</summary>
public static class TransferHostDefaults
{
    /// <summary>
    /// Serilog to the console and to a daily-rolling JSON-lines file under <paramref name="logDirectory"/>,
    /// configured from the "Serilog" configuration section where present; the injected clock; health checks.
    /// </summary>
    public static IHostApplicationBuilder AddTransferDefaults(this IHostApplicationBuilder builder, string logDirectory, string fileStem)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Directory.CreateDirectory(logDirectory);
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
            .MinimumLevel.Override("MassTransit", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(new JsonFormatter(renderMessage: true), Path.Combine(logDirectory, fileStem + "-.jsonl"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 90)
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>GET /health: 200 while the daemon runs.</summary>
    public static IEndpointRouteBuilder MapTransferHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health");
        return endpoints;
    }
}
