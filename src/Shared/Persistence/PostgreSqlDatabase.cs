using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;

namespace TransferPipeline.Shared.Persistence;

/// <summary>
/// A PostgreSQL database that several processes of one side share. Every connection commits synchronously
/// (<c>synchronous_commit=on</c>, sent when the connection starts, so a role or database default cannot turn it
/// off), and a connection to a server that would lose committed transactions on a crash (<c>fsync=off</c>) is
/// refused: a security decision that was acknowledged must survive a power loss, as on SQLite.
/// </summary>
/// <remarks>
/// <para>Write transactions are READ COMMITTED and take one transaction-scoped advisory lock, the writer lock,
/// before their first statement. That gives exactly SQLite's BEGIN IMMEDIATE, which every repository was
/// written against: one writer at a time, each seeing all that committed before it. The audit chain (read the
/// head, append after it), batch sequence numbers and the two-person checks are read-then-write steps that stay
/// correct without a lock or retry of their own. It must be READ COMMITTED: a REPEATABLE READ transaction takes
/// its snapshot at its first statement, which is the wait for the lock, and would then miss what the writer it
/// waited for committed. Readers take no lock and never wait; one writer at a time is what a site's write load
/// (requests, cuts, audit entries) needs, and the long work (fetching, hashing, writing media) happens outside
/// transactions.</para>
/// <para>Migrations run under a session-level advisory lock of their own, so that processes starting together
/// migrate once.</para>
/// </remarks>
public sealed class PostgreSqlDatabase : Database
{
    // Advisory lock keys: arbitrary constants, the same in every process of the product ("TPwriter", "TPmigrat").
    private const long WriterLockKey = 0x5450_7772_6974_6572;
    private const long MigrationLockKey = 0x5450_6D69_6772_6174;
    private const string UniqueViolation = "23505";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the database for an Npgsql connection string.</summary>
    /// <exception cref="ArgumentException">The connection string is empty or not an Npgsql connection string.</exception>
    public PostgreSqlDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Later -c options win over earlier ones and over role and database defaults.
        builder.Options = $"{builder.Options} -c synchronous_commit=on".Trim();
        Description = $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";

        var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString);
        dataSource.UsePhysicalConnectionInitializer(
            connection => RequireDurableAsync(connection, Description, CancellationToken.None).GetAwaiter().GetResult(),
            connection => RequireDurableAsync(connection, Description, CancellationToken.None));
        _dataSource = dataSource.Build();
    }

    /// <inheritdoc />
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    /// <inheritdoc />
    public override string Description { get; }

    /// <inheritdoc />
    /// <exception cref="DurabilityRefusedException">The server does not commit durably.</exception>
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>READ COMMITTED, then the writer lock (see the remarks on the class).</summary>
    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(@WriterLockKey)", new { WriterLockKey }, transaction, cancellationToken: cancellationToken));
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>REPEATABLE READ, read only: one snapshot for every statement, no locks.</summary>
    public override async Task<DbTransaction> BeginSnapshotReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SET TRANSACTION READ ONLY", transaction: transaction,
            cancellationToken: cancellationToken));
        return transaction;
    }

    /// <inheritdoc />
    public override bool IsUniqueViolation(Exception exception) => exception is PostgresException { SqlState: UniqueViolation };

    /// <inheritdoc />
    internal override async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_lock(@MigrationLockKey)", new { MigrationLockKey }, cancellationToken: cancellationToken));
        return new MigrationLock(connection);
    }

    /// <summary>Closes the pooled connections.</summary>
    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }

    private static async Task RequireDurableAsync(NpgsqlConnection connection, string description, CancellationToken cancellationToken)
    {
        var settings = await connection.QuerySingleAsync<(string SynchronousCommit, string Fsync)>(new CommandDefinition(
            "SELECT current_setting('synchronous_commit'), current_setting('fsync')", cancellationToken: cancellationToken));
        if (settings.SynchronousCommit != "on" || settings.Fsync != "on")
        {
            throw new DurabilityRefusedException(
                $"The {description} does not commit durably (synchronous_commit={settings.SynchronousCommit}, fsync={settings.Fsync}); " +
                "security decisions must survive a crash: turn fsync on and do not force synchronous_commit off (a connection pooler " +
                "that drops startup options does that).");
        }
    }

    private sealed class MigrationLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@MigrationLockKey)", new { MigrationLockKey });
    }
}
