using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Json;

namespace TransferPipeline.Hosting.Logging;

/// <summary>
/// How both daemons log: Serilog to the console (compact JSON, one event per line, under systemd; text otherwise) and to daily
/// JSON-lines files in the data directory.
/// </summary>
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
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
            .MinimumLevel.Override("MassTransit", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext();
        configuration = IsUnderSystemd(Environment.GetEnvironmentVariable)
            // journald keeps each line as one entry: one JSON event per line keeps its properties (BatchId, Reason) searchable.
            ? configuration.WriteTo.Console(new RenderedCompactJsonFormatter())
            : configuration.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        var logger = configuration
            .WriteTo.File(new JsonFormatter(renderMessage: true), Path.Combine(logDirectory, fileStem + "-.jsonl"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 90)
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }

    /// <summary>systemd sets JOURNAL_STREAM when stdout is the journal, and INVOCATION_ID for every unit it runs.</summary>
    public static bool IsUnderSystemd(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return !string.IsNullOrEmpty(environment("JOURNAL_STREAM")) || !string.IsNullOrEmpty(environment("INVOCATION_ID"));
    }
}
