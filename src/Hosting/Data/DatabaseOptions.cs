using System.Text.Json.Nodes;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Data;

/// <summary>Configuration section "Database": where the side keeps its state.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (the default: the side's file in the data directory) or PostgreSql.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For PostgreSql: an Npgsql connection string (Host, Port, Database, Username; a password best in a Passfile).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>These options as the configuration file's <c>Database</c> section.</summary>
    public JsonObject ToSection() => new()
    {
        [nameof(Provider)] = Provider.ToString(),
        [nameof(ConnectionString)] = ConnectionString,
    };
}
