using System.Data.Common;

namespace TransferPipeline.Shared.Persistence;

/// <summary>
/// The database that holds one side's state, on either provider. Repositories open one connection per
/// operation, write in <see cref="BeginWriteAsync"/> transactions, and take the few statements that differ
/// between the providers from a <see cref="ProviderSql"/> kept in the repository.
/// </summary>
/// <remarks>
/// The contract every repository relies on, whatever the provider: write transactions are serialised
/// against each other (a write transaction reads what every earlier one committed, and no other write
/// transaction commits in between), so read-then-write steps such as the audit chain's head and the
/// assignment of batch sequence numbers need no locking of their own; readers never wait for writers.
/// </remarks>
public abstract class Database : IAsyncDisposable
{
    private protected Database()
    {
        DapperTypeHandlers.EnsureRegistered();
    }

    /// <summary>Which provider this is.</summary>
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Names the database for an operator (a file path, or host, port and database name): never a password.</summary>
    public abstract string Description { get; }

    /// <summary>Opens and configures a new connection. The caller disposes it.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a write transaction on <paramref name="connection"/>, waiting until every other write transaction
    /// has finished (SQLite: BEGIN IMMEDIATE; PostgreSQL: the site's writer lock, see <see cref="PostgreSqlDatabase"/>).
    /// Disposing it uncommitted rolls it back.
    /// </summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Begins a read-only transaction in which every statement sees the same snapshot, for reads that must
    /// agree with each other (verifying the audit chain). It never waits for writers.
    /// </summary>
    public abstract Task<DbTransaction> BeginSnapshotReadAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="exception"/> is a violated UNIQUE or PRIMARY KEY constraint.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// Holds the migration lock on <paramref name="connection"/> until disposed, so that of several processes
    /// starting together one migrates and the others then find the schema current.
    /// </summary>
    internal abstract Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Releases pooled connections, where the provider keeps a pool of its own.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>The SQL of <paramref name="migration"/> for this provider; null when it has none.</summary>
    internal string? SqlOf(Migration migration) =>
        Provider == DatabaseProvider.PostgreSql ? migration.PostgreSql : migration.Sql;
}
