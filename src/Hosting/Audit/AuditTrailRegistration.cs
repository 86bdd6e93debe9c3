using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TransferPipeline.Hosting.Audit.Syslog;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Options;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Audit;

/// <summary>The audit trail of either side: the log and its mirror, the writer, and the sinks that copy entries out.</summary>
public static class AuditTrailRegistration
{
    /// <summary>
    /// <see cref="AuditLog"/> on the side's database and mirror, <see cref="AuditTrail"/> (with the side's
    /// <see cref="IAuditCheckpointSigner"/>, if it registers one), the <c>Audit</c> options and the syslog sink.
    /// </summary>
    public static IServiceCollection AddAuditTrail(this IServiceCollection services, IConfiguration configuration, DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(data);
        services.AddSingleton(sp => new AuditLog(
            sp.GetRequiredService<Database>(), data.AuditMirrorFile, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AuditTrail(
            sp.GetRequiredService<Database>(),
            sp.GetRequiredService<AuditLog>(),
            sp.GetServices<IAuditSink>(),
            sp.GetRequiredService<ILogger<AuditTrail>>(),
            sp.GetService<IAuditCheckpointSigner>()));
        services.AddValidatedOptions<AuditOptions, AuditOptionsValidator>(configuration, AuditOptions.Section);
        services.AddSingleton<IAuditSink, SyslogAuditSink>();
        return services;
    }
}
