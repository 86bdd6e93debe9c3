using System.CommandLine;
using System.Globalization;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>`db migrate-to-postgres`: the side's database commands.</summary>
public static class DatabaseCommands
{
    public static Command Create(HostSide side)
    {
        ArgumentNullException.ThrowIfNull(side);
        var connection = new Option<string?>("--connection-string")
        {
            Description = $"The empty PostgreSQL database (Npgsql: Host=...;Port=...;Database=...;Username=...); default: " +
                $"{side.EnvironmentPrefix}Database__ConnectionString, which keeps a password off the command line and out of the file",
        };
        var migrate = new Command("migrate-to-postgres",
            "Move this stopped SQLite site's whole state into an empty PostgreSQL database and switch the configuration to it")
        {
            connection,
            CommonOptions.Json,
        };
        migrate.SetAction((parse, ct) => MigrateAsync(side, parse, parse.GetValue(connection), parse.GetValue(CommonOptions.Json), ct));
        return new Command("db", $"The {side.Name} database") { migrate };
    }

    private static async Task<int> MigrateAsync(HostSide side, ParseResult parse, string? given, bool json, CancellationToken ct)
    {
        var data = side.ResolveData(parse);
        if (data is null || !data.IsInitialized)
        {
            return CliConsole.Usage(CliRunner.NotInitialized(side, data));
        }

        var connectionString = string.IsNullOrWhiteSpace(given)
            ? SideConfiguration.Build(data)[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}"]
            : given;
        if (string.IsNullOrWhiteSpace(connectionString) || !DatabaseOptionsValidator.IsConnectionString(connectionString))
        {
            return CliConsole.Usage(
                $"pass --connection-string with an Npgsql connection string, or set {side.EnvironmentPrefix}Database__ConnectionString");
        }

        try
        {
            var moved = await SqliteToPostgreSqlMove.RunAsync(
                data, connectionString, passwordInFile: !string.IsNullOrWhiteSpace(given), TimeProvider.System, ct);
            if (!moved.IsOk)
            {
                return CliFailures.Exit(moved.Error);
            }

            Print(moved.Value, json);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (CliRunner.IsInfrastructureFault(ex))
        {
            return CliConsole.Fail(ex.Message);
        }
    }

    private static void Print(MoveSummary summary, bool json)
    {
        if (json)
        {
            CliConsole.Json(summary);
            return;
        }

        var seconds = summary.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        CliConsole.Line($"moved to the {summary.Target}: {summary.Tables.Count} tables, {summary.Rows} rows in {seconds} s " +
            $"({summary.RowsPerSecond.ToString("0", CultureInfo.InvariantCulture)} rows/s)");
        foreach (var table in summary.Tables)
        {
            CliConsole.Line($"  {table.Name,-24} {table.Rows,10}");
        }

        CliConsole.Line($"audit trail verified on PostgreSQL: {summary.AuditEntries} entries");
        CliConsole.Line($"the SQLite file is kept as {summary.SqliteKeptAs}; the configuration now names PostgreSql");
    }
}
