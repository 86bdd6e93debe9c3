using System.Data.Common;
using Dapper;

namespace TransferPipeline.Shared.Persistence;

/// <summary>
/// Brings a database's schema up to date at start: applies each missing <see cref="Migration"/> in
/// version order, each in its own transaction, and records it in <c>schema_migrations</c>.
/// Running it again is a no-op, and several processes may run it at once.
/// </summary>
/// <remarks>
/// It refuses (with <see cref="MigrationRefusedException"/>) to touch a database written by a newer
/// build, or one whose recorded migration names differ from the code's: both mean the code and
/// the data disagree about what the schema is, and guessing could corrupt security decisions.
/// </remarks>
public sealed class MigrationRunner
{
    private static readonly ProviderSql CreateHistory = new(
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            applied_utc TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     BIGINT PRIMARY KEY,
            name        TEXT NOT NULL,
            applied_utc TEXT NOT NULL
        );
        """);

    private readonly Database _database;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a runner for one side's complete, ordered migration list.</summary>
    /// <exception cref="ArgumentException">The versions are not 1, 2, 3… without gaps, or a migration is empty.</exception>
    public MigrationRunner(Database database, IEnumerable<Migration> migrations, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(timeProvider);

        _database = database;
        _timeProvider = timeProvider;
        _migrations = [.. migrations.OrderBy(m => m.Version)];
        for (var i = 0; i < _migrations.Count; i++)
        {
            var migration = _migrations[i];
            if (migration.Version != i + 1)
            {
                throw new ArgumentException(
                    $"Migration versions must run 1, 2, 3… without gaps or repeats; found {migration.Version} at position {i + 1}.",
                    nameof(migrations));
            }

            if (string.IsNullOrWhiteSpace(migration.Name) || string.IsNullOrWhiteSpace(migration.Sql))
            {
                throw new ArgumentException($"Migration {migration.Version} needs a name and SQL.", nameof(migrations));
            }
        }
    }

    /// <summary>Applies the missing migrations.</summary>
    /// <returns>The migrations applied by this call, in order; empty when the schema was current.</returns>
    /// <exception cref="MigrationRefusedException">
    /// The recorded history does not fit this build, or a migration has no SQL for the database's provider.
    /// </exception>
    public async Task<IReadOnlyList<Migration>> RunAsync(CancellationToken cancellationToken)
    {
        RequireSqlForProvider();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var migrationLock = await _database.LockMigrationsAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(CreateHistory.For(_database), cancellationToken: cancellationToken));

        var recorded = await connection.QueryAsync<RecordedMigration>(new CommandDefinition(
            "SELECT version AS Version, name AS Name FROM schema_migrations ORDER BY version",
            cancellationToken: cancellationToken));
        var recordedList = recorded.AsList();
        CheckHistory(recordedList, _database.Description);

        var applied = new List<Migration>();
        foreach (var migration in _migrations.Skip(recordedList.Count))
        {
            if (await ApplyAsync(connection, migration, cancellationToken))
            {
                applied.Add(migration);
            }
        }

        return applied;
    }

    /// <summary>
    /// True when the database's history is exactly this build's migrations, each under its name; false when a migration
    /// is still to apply or the history differs in any way (<see cref="RunAsync"/> then applies it or says why not). Reads
    /// only, without Dapper: the low side's Native AOT front checks the schema through it before it reads.
    /// </summary>
    /// <exception cref="DbException">The history cannot be read (a database no command has opened has none).</exception>
    public async Task<bool> IsCurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name FROM schema_migrations ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var position = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (position == _migrations.Count || reader.GetInt64(0) != position + 1 ||
                !string.Equals(reader.GetString(1), _migrations[position].Name, StringComparison.Ordinal))
            {
                return false;
            }

            position++;
        }

        return position == _migrations.Count;
    }

    private void RequireSqlForProvider()
    {
        var missing = _migrations.Where(m => string.IsNullOrWhiteSpace(_database.SqlOf(m))).Select(m => m.Version).ToList();
        if (missing.Count > 0)
        {
            throw new MigrationRefusedException(
                $"The {_database.Description} cannot be used: migrations {string.Join(", ", missing)} exist only for " +
                $"{DatabaseProvider.Sqlite}, not for {_database.Provider}.");
        }
    }

    private void CheckHistory(List<RecordedMigration> recorded, string database)
    {
        for (var i = 0; i < recorded.Count; i++)
        {
            var entry = recorded[i];
            if (entry.Version > _migrations.Count)
            {
                throw new MigrationRefusedException(
                    $"The database {database} has schema version {recorded[^1].Version}, but this build knows only up to " +
                    $"version {_migrations.Count}: it was written by a newer release. Run that release, or restore a backup " +
                    "made for this one; never downgrade a database in place.");
            }

            if (entry.Version != i + 1)
            {
                throw new MigrationRefusedException(
                    $"The database {database} records migration {entry.Version} but not migration {i + 1}: " +
                    "its schema history was edited by hand.");
            }

            CheckName(entry.Version, entry.Name, database);
        }
    }

    private void CheckName(long version, string recordedName, string database)
    {
        var expected = _migrations[(int)version - 1].Name;
        if (!string.Equals(recordedName, expected, StringComparison.Ordinal))
        {
            throw new MigrationRefusedException(
                $"The database {database} records migration {version} as '{recordedName}', but this build calls it " +
                $"'{expected}': the migration history was edited. Restore the original migration instead of changing it.");
        }
    }

    private async Task<bool> ApplyAsync(DbConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        // On SQLite the write lock (BEGIN IMMEDIATE) is taken before the re-check, so two processes starting together
        // cannot both apply the same migration; on PostgreSQL the migration lock already keeps them apart.
        await using var transaction = await _database.BeginWriteAsync(connection, cancellationToken);

        var raced = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT name FROM schema_migrations WHERE version = @Version",
            new { migration.Version },
            transaction,
            cancellationToken: cancellationToken));
        if (raced is not null)
        {
            CheckName(migration.Version, raced, _database.Description);
            return false;
        }

        await ApplyInAsync(connection, transaction, migration, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Creates the whole schema in an empty database inside the caller's transaction, so that it commits or rolls back
    /// with whatever the caller writes next (moving a site's rows into a new PostgreSQL database: DDL is transactional
    /// there). The caller holds the write lock and has checked that the database is empty.
    /// </summary>
    /// <exception cref="MigrationRefusedException">A migration has no SQL for the database's provider.</exception>
    public async Task CreateSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        RequireSqlForProvider();
        await connection.ExecuteAsync(new CommandDefinition(CreateHistory.For(_database), transaction: transaction,
            cancellationToken: cancellationToken));
        foreach (var migration in _migrations)
        {
            await ApplyInAsync(connection, transaction, migration, cancellationToken);
        }
    }

    private async Task ApplyInAsync(DbConnection connection, DbTransaction transaction, Migration migration, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(_database.SqlOf(migration)!, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (version, name, applied_utc) VALUES (@Version, @Name, @AppliedUtc)",
            new { migration.Version, migration.Name, AppliedUtc = _timeProvider.GetUtcNow() },
            transaction,
            cancellationToken: cancellationToken));
    }

    private sealed record RecordedMigration(long Version, string Name);
}
