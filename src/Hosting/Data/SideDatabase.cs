using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Data;

/// <summary>The side's <see cref="Database"/> as its configuration names it: the SQLite file in the data directory, or PostgreSQL.</summary>
public static class SideDatabase
{
    /// <summary>The <c>Database</c> section of <paramref name="configuration"/>, validated.</summary>
    /// <exception cref="OptionsValidationException">The section is invalid.</exception>
    public static DatabaseOptions Options(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new DatabaseOptions();
        configuration.GetSection(DatabaseOptions.Section).Bind(options);
        var failures = DatabaseOptionsValidator.Failures(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), failures);
        }

        return options;
    }

    /// <summary>Creates the database <paramref name="options"/> name; the caller disposes it.</summary>
    public static Database Create(DatabaseOptions options, DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        return options.Provider == DatabaseProvider.PostgreSql
            ? new PostgreSqlDatabase(options.ConnectionString!)
            : new SqliteDatabase(data.DatabaseFile);
    }
}
