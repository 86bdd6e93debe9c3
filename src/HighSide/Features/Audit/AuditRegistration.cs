using TransferPipeline.HighSide.Features.Accounts;
using TransferPipeline.HighSide.Features.Audit.Pages;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Hosting.WebConsole;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.HighSide.Features.Audit;

internal static class AuditRegistration
{
    /// <summary>The high side signs a checkpoint of its audit trail after every change, so a cut-off tail is detected.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<IAuditCheckpointSigner>(sp =>
        {
            var siteKey = sp.GetRequiredService<SiteKey>();
            return new MinisignCheckpointSigner(() => siteKey.SharedSecretKey);
        });
        services.AddSingleton<AuditService>();
        services.AddSingleton<AuditHistory>();
        services.AddSingleton<AuditTrailReader>();
        services.AddConsoleLink("Audit trail", "/console/audit", 30, [.. AccountRoles.All]);
        return services;
    }
}
