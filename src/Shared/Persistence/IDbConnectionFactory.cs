using System.Data.Common;

namespace TransferPipeline.Shared.Persistence;

/// <summary>
/// Opens connections to one database. The seam that lets a PostgreSQL implementation sit beside
/// <see cref="SqliteDatabase"/> later without changing the code that runs migrations.
/// </summary>
public interface IDbConnectionFactory
{
    /// <summary>Opens a new, configured connection. The caller disposes it.</summary>
    Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
}
