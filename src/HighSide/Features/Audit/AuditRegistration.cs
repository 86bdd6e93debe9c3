using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Audit;

internal static class AuditRegistration
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton(sp => new AuditLog(
            sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<DataDirectory>().AuditFile, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<MinisignCheckpointSigner>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditService>();
        return services;
    }
}
