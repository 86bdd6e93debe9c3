using System.CommandLine;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Daemon;
using TransferPipeline.HighSide.Features.Accounts;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Audit;
using TransferPipeline.HighSide.Features.Docs;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Notifications;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Features.Receipts;
using TransferPipeline.HighSide.Features.Restore;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.HighSide.Features.Status;
using TransferPipeline.HighSide.Features.Trust;
using TransferPipeline.HighSide.Infrastructure;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.Hosting;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.HighSide;

/// <summary>The high side to the shared host: its files, its schema, its features, what its daemon adds and its HTTP API.</summary>
internal static class HighSideHost
{
    public static HostSide Side { get; } = new("highside")
    {
        ConsoleTitle = "TransferPipeline high side",
        ConsoleAssembly = typeof(HighSideHost).Assembly,
        AuditMirror = "audit.jsonl",
        SiteKeyFile = "keys/highside.key",
        DefaultUrls = "http://127.0.0.1:8490",
        Migrations = HighSideMigrations.All,
        OwnerOnlyFiles = true,
        BackupContentDirectories = ["quarantine"],
        BackupScratchDirectories = ["quarantine/.incoming"],
        MarkRestored = RestoreMarks.MarkRestoredAsync,
        AddServices = AddServices,
        AddDaemon = AddDaemon,
        MapEndpoints = (api, app) =>
        {
            app.MapSignIn();
            api.MapApproval();
            api.MapOfficers();
        },
    };

    /// <summary>Runs a CLI verb with the high side's services.</summary>
    public static Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> verb, CancellationToken ct) =>
        CliRunner.RunAsync(Side, parse, verb, ct);

    /// <summary>The high side's data directory at <paramref name="root"/>.</summary>
    public static DataDirectory Data(string root) => new(root, Side);

    private static void AddServices(IServiceCollection services, IConfiguration configuration, DataDirectory data)
    {
        services.AddSingleton<SettingsRepository>();
        services.AddSingleton<BatchRepository>();
        services.AddSingleton<BatchBlobRepository>();
        services.AddSingleton<BatchTransitions>();
        services.AddSingleton<BatchClaims>();
        services.AddSingleton<WorkStatusQueries>();
        services.AddBatchPipeline();
        services
            .AddAudit()
            .AddTrust()
            .AddOfficers()
            .AddAccounts(configuration)
            .AddImport(configuration)
            .AddScanning(configuration)
            .AddApproval(configuration)
            .AddPublishing(configuration)
            .AddReceipts()
            .AddRestore();
    }

    private static void AddDaemon(DaemonBuilder daemon)
    {
        daemon.AddBatchPipelineDaemon();
        daemon.AddImportDaemon();
        daemon.AddScanningDaemon();
        daemon.AddPublishingDaemon();
        daemon.AddNotifications<HighSideNotificationMap>();
        daemon.AddAccountsDaemon();
        daemon.Services.AddSingleton<IStateMetricsSource, HighSideStateMetrics>();
        daemon.Services.AddDocs(daemon.Configuration);
        if (daemon.Roles.HasFlag(ServeRoles.Worker))
        {
            daemon.Services.AddHostedService<StartupRecovery>();
            daemon.Services.AddHostedService<BatchClaimSweeper>();
        }
    }
}
