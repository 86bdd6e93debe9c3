using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.Hosting.Backup;

/// <summary>`backup FILE` and `restore FILE`, the same on both sides.</summary>
public static class BackupCommands
{
    public static Command Backup(HostSide side)
    {
        ArgumentNullException.ThrowIfNull(side);
        var file = new Argument<string>("FILE") { Description = "The archive to write: a tar, owner-only (0600) as it holds the site's private key" };
        var content = new Option<bool>("--include-content")
        {
            Description = $"Also back up {string.Join(" and ", side.BackupContentDirectories)} (large; rebuilt otherwise by gathering or importing again)",
        };
        var command = new Command("backup",
            $"Back up this {side.Name} while it runs: a snapshot of the database, the configuration, keys, audit files and the rest of its state")
        {
            file,
            content,
            CommonOptions.Json,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(side, parse, async (services, token) =>
        {
            var outcome = await services.GetRequiredService<SiteBackup>()
                .CreateAsync(parse.GetValue(file)!, parse.GetValue(content), HostUser.Actor, token);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            if (parse.GetValue(CommonOptions.Json))
            {
                CliConsole.Json(outcome.Value);
            }
            else
            {
                var manifest = outcome.Value.Manifest;
                CliConsole.Line($"backed up {side.Name} {manifest.SiteId} to {outcome.Value.File}: {manifest.Entries.Count} file(s), " +
                    $"{outcome.Value.Bytes.ToString(CultureInfo.InvariantCulture)} bytes, {manifest.DatabaseProvider} schema {manifest.SchemaVersion}" +
                    (manifest.IncludesContent ? ", with content" : ""));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <param name="side">The side.</param>
    /// <param name="subcommands">What the side adds under `restore` (the high side: `confirm`).</param>
    public static Command Restore(HostSide side, params Command[] subcommands)
    {
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(subcommands);
        var file = new Argument<string>("FILE") { Description = "The backup archive" };
        var connection = new Option<string?>("--connection-string")
        {
            Description = "For a PostgreSQL backup: the empty database to restore into (default: the restored configuration's, " +
                $"overridden by {side.EnvironmentPrefix}Database__ConnectionString)",
        };
        var command = new Command("restore",
            $"Restore a backup into a new or empty data directory (--data) of a stopped {side.Name}, after checking every file's SHA-256")
        {
            file,
            connection,
            CommonOptions.Json,
        };
        foreach (var subcommand in subcommands)
        {
            command.Subcommands.Add(subcommand);
        }

        command.SetAction((parse, ct) => RestoreAsync(side, parse, parse.GetValue(file)!, parse.GetValue(connection), ct));
        return command;
    }

    private static async Task<int> RestoreAsync(HostSide side, ParseResult parse, string file, string? connectionString, CancellationToken ct)
    {
        var data = side.ResolveData(parse);
        if (data is null)
        {
            return CliConsole.Usage(CliRunner.NotInitialized(side, data));
        }

        try
        {
            var outcome = await SiteRestore.RunAsync(data, file, connectionString, TimeProvider.System, ct);
            if (!outcome.IsOk)
            {
                return CliFailures.Exit(outcome.Error);
            }

            var restored = outcome.Value;
            // Through the side's own services: the schema brought up to date, and the restore in the restored audit trail.
            return await CliRunner.RunAsync(side, parse, async (services, token) =>
            {
                await services.GetRequiredService<AuditTrail>().RecordAsync(HostUser.Actor, "backup.restored", restored.File,
                    new
                    {
                        created = restored.Manifest.CreatedUtc,
                        schema = restored.Manifest.SchemaVersion,
                        productVersion = restored.Manifest.ProductVersion,
                        provider = restored.Manifest.DatabaseProvider.ToString(),
                    },
                    token);
                Print(side, restored, parse.GetValue(CommonOptions.Json));
                return ExitCodes.Ok;
            }, ct);
        }
        catch (Exception ex) when (CliRunner.IsInfrastructureFault(ex))
        {
            return CliConsole.Fail(ex.Message);
        }
    }

    private static void Print(HostSide side, RestoreSummary restored, bool json)
    {
        if (json)
        {
            CliConsole.Json(restored);
            return;
        }

        var manifest = restored.Manifest;
        CliConsole.Line($"restored {side.Name} {manifest.SiteId} into {restored.DataDirectory} from {restored.File} " +
            $"(taken {manifest.CreatedUtc:u}, {manifest.Entries.Count} file(s), {manifest.DatabaseProvider} schema {manifest.SchemaVersion})");
        if (side.MarkRestored is not null)
        {
            CliConsole.Line($"the site is marked restored: confirm what it had done since the backup before it resumes " +
                $"(see '{side.Name} restore confirm --help')");
        }
    }
}
