using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>
/// The part of a move inside one PostgreSQL transaction: the database must be empty; the side's schema is created, every
/// table copied in dependency order, each checked (row count and content digest on both sides), the sequences set past
/// the copied keys. Any refusal or fault rolls it all back and leaves the database as empty as it was, so the move can
/// simply be run again.
/// </summary>
internal sealed class PostgreSqlCopy(
    PostgreSqlDatabase target,
    IReadOnlyList<Migration> migrations,
    TimeProvider clock,
    SqliteConnection source,
    SqliteTransaction sourceTransaction)
{
    public async Task<Outcome<IReadOnlyList<MovedTable>>> RunAsync(CancellationToken ct)
    {
        await using var connection = (NpgsqlConnection)await target.OpenAsync(ct);
        await using var transaction = (NpgsqlTransaction)await target.BeginWriteAsync(connection, ct);
        var catalog = new PostgreSqlCatalog(connection, transaction);
        var existing = await catalog.TablesAsync(ct);
        if (existing.Count > 0)
        {
            return new Failure(MoveReasons.TargetNotEmpty,
                $"the {target.Description} already has {existing.Count} table(s) ({string.Join(", ", existing.Take(5))}); " +
                "a move needs an empty database (create one, or drop this one's tables if it holds nothing you need)");
        }

        await new MigrationRunner(target, migrations, clock).CreateSchemaAsync(connection, transaction, ct);
        var plan = await CopyPlan.CreateAsync(catalog, source, sourceTransaction, ct);
        if (!plan.IsOk)
        {
            return plan.Error;
        }

        try
        {
            var moved = await CopyAndCheckAsync(connection, transaction, plan.Value, ct);
            if (!moved.IsOk)
            {
                return moved.Error;
            }

            await ResetSequencesAsync(connection, transaction, catalog, ct);
            await transaction.CommitAsync(ct);
            return moved;
        }
        catch (MoveRefusedException refused)
        {
            return refused.Failure;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.UniqueViolation
            or PostgresErrorCodes.NotNullViolation or PostgresErrorCodes.CheckViolation)
        {
            // SQLite checks foreign keys only when told to, and a hand-edited file may hold anything: named, not thrown.
            return new Failure(MoveReasons.ConstraintViolated,
                $"table {ex.TableName}: a row breaks PostgreSQL's constraint {ex.ConstraintName} ({ex.MessageText}); nothing was copied");
        }
    }

    private async Task<Outcome<IReadOnlyList<MovedTable>>> CopyAndCheckAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<CopiedTable> tables, CancellationToken ct)
    {
        // Rows the migrations seeded (the notification cursor) give way to the SQLite file's own, children before parents.
        foreach (var table in tables.Reverse())
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {Sql.Quote(table.Name)}", transaction: transaction, cancellationToken: ct));
        }

        var copier = new TableCopier(source, sourceTransaction, connection);
        var sent = new List<TableDigest>();
        foreach (var table in tables)
        {
            sent.Add(await copier.CopyAsync(table, ct));
        }

        var moved = new List<MovedTable>();
        var differences = new List<string>();
        for (var i = 0; i < tables.Count; i++)
        {
            var sourceRows = await copier.CountSourceAsync(tables[i], ct);
            var stored = await copier.DigestTargetAsync(tables[i], ct);
            if (sourceRows != sent[i].Rows || !stored.SameAs(sent[i]))
            {
                differences.Add($"{tables[i].Name} (SQLite {sourceRows} rows, {sent[i].Rows} copied, PostgreSQL {stored.Rows} rows, " +
                    $"digests {sent[i]} / {stored})");
            }

            moved.Add(new MovedTable(tables[i].Name, stored.Rows));
        }

        return differences.Count == 0
            ? Outcome<IReadOnlyList<MovedTable>>.Success(moved)
            : new Failure(MoveReasons.VerificationFailed,
                "the copy differs from the SQLite file, so nothing was kept in PostgreSQL: " + string.Join("; ", differences));
    }

    /// <summary>Identity and serial columns continue after the largest copied value (COPY does not advance their sequences).</summary>
    private static async Task ResetSequencesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PostgreSqlCatalog catalog, CancellationToken ct)
    {
        foreach (var (table, column, sequence) in await catalog.SequencesAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"SELECT setval(@Sequence, COALESCE(MAX({Sql.Quote(column)}), 0) + 1, false) FROM {Sql.Quote(table)}",
                new { Sequence = sequence }, transaction, cancellationToken: ct));
        }
    }
}
