using System.CommandLine;
using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Sides;

namespace TransferPipeline.Hosting;

/// <summary>
/// What makes one executable of the product different to the shared host: its name (which names its
/// files, environment variables and data directory), its schema, its services, and what its daemon
/// adds to the common HTTP and messaging host. Everything else is done once, here, for both sides.
/// </summary>
public sealed class HostSide
{
    public HostSide(string name)
    {
        Names = new SideNames(name);
        DataOption = new Option<string?>("--data")
        {
            Description = $"The {name} data directory (default: ${DataVariable})",
            Recursive = true,
        };
    }

    /// <summary>What the side calls its files and environment variables.</summary>
    public SideNames Names { get; }

    /// <summary>lowside or highside: the executable, its configuration file and its environment variables.</summary>
    public string Name => Names.Name;

    /// <summary>The heading of the side's web console ("TransferPipeline low side").</summary>
    public required string ConsoleTitle { get; init; }

    /// <summary>The assembly holding the side's console pages.</summary>
    public required System.Reflection.Assembly ConsoleAssembly { get; init; }

    public string ConfigFileName => Names.ConfigFileName;

    public string DatabaseFileName => Names.DatabaseFileName;

    /// <summary>HIGHSIDE__Section__Key overrides Section:Key of the configuration file.</summary>
    public string EnvironmentPrefix => Names.EnvironmentPrefix;

    /// <summary>The data directory when --data is not given: LOWSIDE_DATA or HIGHSIDE_DATA.</summary>
    public string DataVariable => Names.DataVariable;

    /// <summary>--data DIR, on every command.</summary>
    public Option<string?> DataOption { get; }

    /// <summary>The JSON-lines mirror of the audit chain, relative to the data directory.</summary>
    public required string AuditMirror { get; init; }

    /// <summary>The site's own signing key, relative to the data directory, unless Site:KeyFile says otherwise.</summary>
    public required string SiteKeyFile { get; init; }

    /// <summary>Where the daemon listens unless Http:Urls says otherwise (loopback).</summary>
    public required string DefaultUrls { get; init; }

    public required IReadOnlyList<Migration> Migrations { get; init; }

    /// <summary>
    /// True: every file and directory the executable creates is owner-only (0600, 0700), by the process's file
    /// creation mask set before any command runs, so no writer (ours, SQLite's, the log sink's) can forget it.
    /// What is meant for others (a published mirror) is given its mode explicitly.
    /// </summary>
    public bool OwnerOnlyFiles { get; init; }

    /// <summary>Directories (relative to the data directory) of bulk content a backup holds only when asked: the content store, quarantine.</summary>
    public IReadOnlyList<string> BackupContentDirectories { get; init; } = [];

    /// <summary>Directories (relative to the data directory) of work in progress that no backup holds.</summary>
    public IReadOnlyList<string> BackupScratchDirectories { get; init; } = [];

    /// <summary>
    /// Marks a database as restored from a backup taken at the given time, on the snapshot inside a backup and again on
    /// the database a restore wrote (the high side refuses import and publish until the replay high-water mark is confirmed).
    /// </summary>
    public Func<DbConnection, DateTimeOffset, CancellationToken, Task>? MarkRestored { get; init; }

    /// <summary>Everything the side's CLI verbs and its daemon share: each feature adds itself.</summary>
    public required Action<IServiceCollection, IConfiguration, DataDirectory> AddServices { get; init; }

    /// <summary>What only the daemon has: consumers, hosted services, jobs. Called after <see cref="AddServices"/>.</summary>
    public required Action<DaemonBuilder> AddDaemon { get; init; }

    /// <summary>The side's HTTP endpoints, on the group where authentication applies.</summary>
    public required Action<IEndpointRouteBuilder, WebApplication> MapEndpoints { get; init; }

    /// <summary>--data, else the side's environment variable; null when neither is set.</summary>
    public DataDirectory? ResolveData(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var value = parse.GetValue(DataOption);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Environment.GetEnvironmentVariable(DataVariable);
        }

        return string.IsNullOrWhiteSpace(value) ? null : new DataDirectory(value, this);
    }
}
