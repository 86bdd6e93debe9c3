using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace TransferPipeline.Hosting.Logging;

/// <summary>How both daemons log: Serilog to the console and to daily JSON-lines files in the data directory.</summary>
public static class TransferLogging
{
    /// <summary>
    /// Serilog to the console and to a daily-rolling JSON-lines file under <paramref name="logDirectory"/>,
    /// configured from the "Serilog" configuration section where present.
    /// </summary>
    public static IHostApplicationBuilder AddTransferLogging(this IHostApplicationBuilder builder, string logDirectory, string fileStem)
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
        return builder;
    }
}
