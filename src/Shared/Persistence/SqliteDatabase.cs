using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TransferPipeline.Shared.Persistence;

/// <summary>
/// One SQLite database file. Every connection it opens runs in WAL mode with
/// <c>synchronous=FULL</c>, so a committed security decision survives a power loss, with foreign
/// keys enforced and a busy timeout so that concurrent writers wait rather than fail.
/// </summary>
/// <remarks>
/// Open one connection per operation and dispose it; connections are pooled. The file and its
/// parent directory are created on first use, readable only by the service account (0600, 0750).
/// </remarks>
public sealed class SqliteDatabase : Database
{
    /// <summary>How long a connection waits for another writer before failing: 5 seconds.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    private const int SqliteConstraint = 19;
    private const int SqliteUnique = 2067;
    private const int SqlitePrimaryKey = 1555;

    private readonly string _connectionString;
    private readonly string _configureSql;
    private volatile bool _fileReady;

    /// <summary>Creates a database for the file at <paramref name="path"/> with the default busy timeout.</summary>
    public SqliteDatabase(string path)
        : this(path, DefaultBusyTimeout)
    {
    }

    /// <summary>Creates a database for the file at <paramref name="path"/>.</summary>
    /// <param name="path">The database file; created with its parent directory when missing.</param>
    /// <param name="busyTimeout">How long to wait for a lock held by another connection.</param>
    public SqliteDatabase(string path, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(busyTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(busyTimeout, TimeSpan.FromMilliseconds(int.MaxValue));

        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();

        // PRAGMAs take no parameters; the only value here is an integer this class computed.
        _configureSql = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <inheritdoc />
    public override string Description => Path;

    /// <summary>Opens and configures a new connection. The caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The file system cannot hold a WAL database.</exception>
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_fileReady)
        {
            RestrictedFiles.EnsureFile(Path);
            _fileReady = true;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ConfigureAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>BEGIN IMMEDIATE: takes the database's write lock now, waiting up to the busy timeout for another writer.</summary>
    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(Sqlite(connection).BeginTransaction(deferred: false));

    /// <summary>A deferred transaction: its first read fixes the snapshot (WAL), and it never takes the write lock.</summary>
    public override Task<DbTransaction> BeginSnapshotReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(Sqlite(connection).BeginTransaction(IsolationLevel.Serializable, deferred: true));

    /// <inheritdoc />
    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteUnique or SqlitePrimaryKey };

    /// <summary>
    /// No lock of its own: each migration's BEGIN IMMEDIATE serialises the appliers, and the runner re-checks
    /// the history inside that transaction.
    /// </summary>
    internal override Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    private static SqliteConnection Sqlite(DbConnection connection) =>
        connection as SqliteConnection ?? throw new ArgumentException("The connection is not a SQLite connection.", nameof(connection));

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private async Task ConfigureAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // busy_timeout first, so that switching to WAL waits for a concurrent opener instead of failing.
        await using (var configure = connection.CreateCommand())
        {
            configure.CommandText = _configureSql;
            await configure.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var journal = connection.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = (string?)await journal.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The database {Path} could not be switched to WAL journaling (it reports '{mode}'); " +
                "put it on a local file system that supports shared memory.");
        }
    }
}
