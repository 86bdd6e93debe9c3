using System.Buffers;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>
/// Copies one table from SQLite into PostgreSQL by binary COPY, streaming: one row in memory at a time, read from
/// SQLite's cursor, converted, hashed and written in one pass. Reading the copy back computes the same digest from
/// what PostgreSQL stored.
/// </summary>
internal sealed class TableCopier(SqliteConnection source, SqliteTransaction sourceTransaction, NpgsqlConnection target)
{
    private readonly ArrayBufferWriter<byte> _row = new(4096);

    /// <summary>Copies every row of <paramref name="table"/> reachable in parent-first order; the digest of what was sent.</summary>
    public async Task<TableDigest> CopyAsync(CopiedTable table, CancellationToken ct)
    {
        var digest = new TableDigest();
        var values = new object?[table.Columns.Count];
        await using var select = source.CreateCommand();
        select.Transaction = sourceTransaction;
        select.CommandText = SelectSql(table);
        await using var reader = await select.ExecuteReaderAsync(ct);
        await using var importer = await target.BeginBinaryImportAsync(
            $"COPY {Sql.Quote(table.Name)} ({table.ColumnList()}) FROM STDIN (FORMAT BINARY)", ct);
        while (await reader.ReadAsync(ct))
        {
            _row.ResetWrittenCount();
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = ColumnValues.FromSqlite(reader, i, table, table.Columns[i]);
                ColumnValues.Encode(_row, values[i]);
            }

            digest.AddRow(_row);
            importer.StartRow();
            for (var i = 0; i < values.Length; i++)
            {
                ColumnValues.Write(importer, values[i], table.Columns[i].Kind);
            }
        }

        await importer.CompleteAsync(ct);
        return digest;
    }

    /// <summary>The digest of <paramref name="table"/> as PostgreSQL now holds it (inside the copying transaction).</summary>
    public async Task<TableDigest> DigestTargetAsync(CopiedTable table, CancellationToken ct)
    {
        var digest = new TableDigest();
        await using var select = target.CreateCommand();
        select.CommandText = $"SELECT {table.ColumnList()} FROM {Sql.Quote(table.Name)}";
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            _row.ResetWrittenCount();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                ColumnValues.Encode(_row, ColumnValues.FromPostgreSql(reader, i, table.Columns[i].Kind));
            }

            digest.AddRow(_row);
        }

        return digest;
    }

    /// <summary>How many rows SQLite holds, whether or not the parent-first order reached them all.</summary>
    public async Task<long> CountSourceAsync(CopiedTable table, CancellationToken ct)
    {
        await using var count = source.CreateCommand();
        count.Transaction = sourceTransaction;
        count.CommandText = $"SELECT COUNT(*) FROM {Sql.Quote(table.Name)}";
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Every row, or for a table that references itself the rows reachable from the roots (no parent), parents before
    /// children, because PostgreSQL checks each row's foreign key as it arrives. A row in a cycle or with a missing parent
    /// is not reached: the count check then fails the move rather than dropping it silently.
    /// </summary>
    private static string SelectSql(CopiedTable table)
    {
        var name = Sql.Quote(table.Name);
        if (table.SelfReference is not { } self)
        {
            return $"SELECT {table.ColumnList()} FROM {name}" + (table.InRowidOrder ? " ORDER BY rowid" : "");
        }

        var (column, key) = (Sql.Quote(self.Column), Sql.Quote(self.Key));
        return $"""
            WITH RECURSIVE tree(key, depth) AS (
                SELECT {key}, 0 FROM {name} WHERE {column} IS NULL
                UNION ALL
                SELECT child.{key}, tree.depth + 1 FROM {name} AS child JOIN tree ON child.{column} = tree.key
            )
            SELECT {table.ColumnList("t")} FROM {name} AS t JOIN tree ON t.{key} = tree.key ORDER BY tree.depth
            """;
    }
}
