using System.CommandLine;
using TransferPipeline.Hosting;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.LowSide.Daemon;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Batches.Pages;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Notifications;
using TransferPipeline.LowSide.Features.Receipts;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Requests.Pages;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.LowSide.Features.Status;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Features.Users.Passwords;
using TransferPipeline.LowSide.Features.Users.SignIn;
using TransferPipeline.LowSide.Kinds;
using TransferPipeline.LowSide.Progress;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide;

/// <summary>The low side to the shared host: its files, its schema, its features, what its daemon adds and its HTTP API.</summary>
internal static class LowSideHost
{
    public static HostSide Side { get; } = new("lowside")
    {
        ConsoleTitle = "TransferPipeline low side",
        ConsoleAssembly = typeof(LowSideHost).Assembly,
        AuditMirror = "logs/audit.jsonl",
        SiteKeyFile = "keys/site.key",
        DefaultUrls = "http://127.0.0.1:8480",
        BackupContentDirectories = ["store"],
        BackupScratchDirectories = ["store/incoming"],
        Migrations = LowSideMigrations.All,
        AddServices = AddServices,
        AddDaemon = AddDaemon,
        MapEndpoints = (api, app) =>
        {
            api.MapOpenApi();
            api.MapRequestEndpoints();
            api.MapBatchEndpoints();
        },
    };

    /// <summary>Runs a CLI verb with the low side's services.</summary>
    public static Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> verb, CancellationToken ct) =>
        CliRunner.RunAsync(Side, parse, verb, ct);

    /// <summary>The low side's data directory at <paramref name="root"/>.</summary>
    public static DataDirectory Data(string root) => new(root, Side);

    private static void AddServices(IServiceCollection services, IConfiguration configuration, DataDirectory data)
    {
        services.AddSingleton(new ContentStore(data.StoreDirectory()));
        services.AddSources(configuration);
        services.AddRequests();
        services.AddRequestKinds(configuration);
        services.AddGathering(configuration);
        services.AddBatches(configuration);
        services.AddReceipts();
        services.AddUsers();
        services.AddUserPasswords();
        services.AddSingleton<WorkStatusQueries>();
    }

    private static void AddDaemon(DaemonBuilder daemon)
    {
        daemon.Services.AddSingleton<IProgressFactory, LogProgressFactory>();
        daemon.Services.AddOpenApi();
        daemon.AddGatheringDaemon();
        daemon.AddBatchesDaemon();
        daemon.AddUsersDaemon();
        daemon.AddNotifications<LowSideNotificationMap>();
        daemon.AddConsoleSignIn();
        daemon.AddRequestPages();
        daemon.AddBatchPages();
        daemon.Services.AddSingleton<IStateMetricsSource, LowSideStateMetrics>();
        if (daemon.Roles.HasFlag(ServeRoles.Worker))
        {
            daemon.Services.AddHostedService<UnfinishedWorkRequeuer>();
            daemon.Services.AddHostedService<ClaimSweeper>();
        }

        if (daemon.Roles.HasFlag(ServeRoles.Scheduler))
        {
            daemon.Services.AddHostedService<InterruptedCutResumer>();
        }
    }
}
