using Microsoft.Extensions.DependencyInjection.Extensions;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Options;
using TransferPipeline.Hosting.Scanning;
using TransferPipeline.Shared.Scanning.Osv;

namespace TransferPipeline.HighSide.Features.Scanning;

internal static class ScanningRegistration
{
    /// <summary>The scan gates, in front of the officers' approval: malware refuses, blocking findings wait for waivers.</summary>
    public static IServiceCollection AddScanning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ScanningOptions, ScanningOptionsValidator>(configuration, ScanningOptions.Section);
        services.AddValidatedOptions<ScanPolicyOptions, ScanPolicyOptionsValidator>(configuration, ScanPolicyOptions.Section);
        services.AddSingleton<ActiveScannerData>();
        services.AddSingleton<ScanRepository>();
        services.AddSingleton<StatementScan>();
        services.AddSingleton<ScanPolicy>();
        services.AddSingleton<ScanQueries>();
        services.AddSingleton<OsvDatabases>();
        services.AddSingleton<HookScans>();
        services.AddValidatedOptions<CosignPolicyOptions, CosignPolicyOptionsValidator>(configuration, CosignPolicyOptions.Section);
        services.AddSingleton<QuarantinedArtifacts>();
        services.AddSingleton<SignatureChecks>();
        services.AddSingleton<BatchScanService>();
        services.AddSingleton<RescanService>();
        services.TryAddSingleton<IScanDispatch, InlineScanDispatch>();
        services.AddBatchGate<ScanGate>();
        services.AddBatchGate<ScanPolicyGate>();
        return services;
    }

    /// <summary>In the daemon, scans run in their own consumer.</summary>
    public static DaemonBuilder AddScanningDaemon(this DaemonBuilder daemon)
    {
        daemon.Services.AddSingleton<IScanDispatch, BusScanDispatch>();
        return daemon.AddConsumer<ScanBatchConsumer, ScanBatchConsumerDefinition>();
    }
}
