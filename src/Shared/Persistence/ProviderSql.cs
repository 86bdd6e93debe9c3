namespace TransferPipeline.Shared.Persistence;

/// <summary>
/// One statement that must be written differently for each provider, declared once in the repository that
/// runs it, so that every difference between the dialects is in plain sight next to the portable SQL.
/// </summary>
/// <param name="Sqlite">The statement for SQLite.</param>
/// <param name="PostgreSql">The statement for PostgreSQL.</param>
public sealed record ProviderSql(string Sqlite, string PostgreSql)
{
    /// <summary>The statement for <paramref name="database"/>'s provider.</summary>
    public string For(Database database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Provider == DatabaseProvider.PostgreSql ? PostgreSql : Sqlite;
    }
}
