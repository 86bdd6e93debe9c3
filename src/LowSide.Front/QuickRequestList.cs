using System.Globalization;
using Microsoft.Extensions.Configuration;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Sides;

namespace TransferPipeline.LowSide.Front;

/// <summary>
/// `request list` for the host's user, who is an operator and sees every request (as the full executable's verb does), on
/// a site whose database is the SQLite file in its data directory and whose schema is current. It reads the same
/// configuration and files (<see cref="SideNames"/>), checks the schema through the same migration list,
/// and reads and prints through the same code (<see cref="RequestRows"/>, <see cref="RequestListOutput"/>).
/// </summary>
internal static class QuickRequestList
{
    private static readonly SideNames Names = new("lowside");

    /// <summary>
    /// The list as the full executable would print it, or null when the full executable must answer: no data directory,
    /// PostgreSQL, a setting the full one would refuse, a schema to migrate or refuse, or any fault (it reports it).
    /// </summary>
    public static async Task<string?> TryListAsync(RequestListCommandLine command)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            return await ListAsync(command);
        }
#pragma warning disable CA1031 // Whatever went wrong, the full executable does the same work and reports it properly.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static async Task<string?> ListAsync(RequestListCommandLine command)
    {
        var root = string.IsNullOrWhiteSpace(command.Data) ? Environment.GetEnvironmentVariable(Names.DataVariable) : command.Data;
        if (string.IsNullOrWhiteSpace(root))
        {
            return null;
        }

        root = Path.GetFullPath(root);
        var configFile = Path.Combine(root, Names.ConfigFileName);
        if (!File.Exists(configFile))
        {
            return null;
        }

        var configuration = Names.AddConfiguration(new ConfigurationBuilder(), configFile).Build();
        if (!IsSqliteInDataDirectory(configuration.GetSection("Database")))
        {
            return null;
        }

        var database = new SqliteDatabase(Path.Combine(root, Names.DatabaseFileName));
        if (!await new MigrationRunner(database, LowSideMigrations.All, TimeProvider.System).IsCurrentAsync(CancellationToken.None))
        {
            return null;
        }

        await using var connection = await database.OpenAsync(CancellationToken.None);
        var requests = await RequestRows.ListTopLevelAsync(connection, CancellationToken.None);
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        RequestListOutput.Write(requests, command.Json, output);
        return output.ToString();
    }

    // The default, or Sqlite spelled as the full executable's binder reads it, and no connection string (which it refuses).
    private static bool IsSqliteInDataDirectory(IConfigurationSection database) =>
        (database["Provider"] is null || string.Equals(database["Provider"], "Sqlite", StringComparison.OrdinalIgnoreCase)) &&
        string.IsNullOrWhiteSpace(database["ConnectionString"]);
}
