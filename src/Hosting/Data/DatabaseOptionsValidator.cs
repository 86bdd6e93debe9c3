using Npgsql;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Data;

/// <summary>
/// The rules of the <c>Database</c> section, as plain checks rather than a FluentValidation validator like the other
/// sections': every command reads this section before anything else, and FluentValidation's first use in a process
/// (building its rules and compiling their expressions) cost `request list`, which reads no other section, a tenth of its
/// start.
/// </summary>
internal static class DatabaseOptionsValidator
{
    /// <summary>What is wrong with <paramref name="options"/>, one line per setting: <c>configuration Database:NAME: why</c>.</summary>
    public static IReadOnlyList<string> Failures(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add(Failure(nameof(DatabaseOptions.Provider), $"'{options.Provider}' is neither Sqlite nor PostgreSql"));
        }
        else if (options.Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add(Failure(nameof(DatabaseOptions.ConnectionString),
                "PostgreSql needs an Npgsql connection string (Host=...;Port=...;Database=...;Username=...)"));
        }
        else if (options.Provider == DatabaseProvider.PostgreSql && !IsConnectionString(options.ConnectionString!))
        {
            failures.Add(Failure(nameof(DatabaseOptions.ConnectionString), "is not an Npgsql connection string"));
        }
        else if (options.Provider == DatabaseProvider.Sqlite && !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add(Failure(nameof(DatabaseOptions.ConnectionString),
                "is for PostgreSql; a Sqlite site keeps its database in the data directory"));
        }

        return failures;
    }

    /// <summary>True when <paramref name="connectionString"/> parses as an Npgsql connection string.</summary>
    internal static bool IsConnectionString(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Failure(string property, string why) => $"configuration {DatabaseOptions.Section}:{property}: {why}";
}
