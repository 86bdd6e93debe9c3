namespace TransferPipeline.Shared.Persistence;

/// <summary>One numbered schema change, applied once in its own transaction.</summary>
/// <param name="Version">Position in the history, counting from 1 without gaps.</param>
/// <param name="Name">A stable name; recorded, and compared at every start to detect edited history.</param>
/// <param name="Sql">The statements to run on SQLite. They must not open or commit transactions themselves.</param>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>
    /// The same change for PostgreSQL (BIGINT for SQLite's 64-bit INTEGER, BYTEA for BLOB, times still ISO-8601
    /// TEXT), next to the SQLite statements it mirrors; null while the change exists only for SQLite, and then a
    /// PostgreSQL database refuses to migrate.
    /// </summary>
    public string? PostgreSql { get; init; }

    /// <summary>A change written in SQL both providers run as it is (standard DDL, no SQLite-only types or syntax).</summary>
    public static Migration Portable(int version, string name, string sql) => new(version, name, sql) { PostgreSql = sql };
}
