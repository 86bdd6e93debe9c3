namespace TransferPipeline.Shared.Persistence;

/// <summary>Which server holds a side's state: <c>Database:Provider</c> in the configuration.</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file in the data directory; the default, for a site run by one process.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database named by <c>Database:ConnectionString</c>, shared by several processes.</summary>
    PostgreSql,
}
