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
public sealed class SqliteDatabase : IDbConnectionFactory
{
    /// <summary>How long a connection waits for another writer before failing: 5 seconds.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

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
        DapperTypeHandlers.EnsureRegistered();
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Opens and configures a new connection. The caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The file system cannot hold a WAL database.</exception>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
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

    async Task<DbConnection> IDbConnectionFactory.OpenConnectionAsync(CancellationToken cancellationToken) =>
        await OpenAsync(cancellationToken);

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
