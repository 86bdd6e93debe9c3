using Dapper;
using Npgsql;

namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>What a move reads from PostgreSQL's catalog about the tables of the connection's current schema.</summary>
internal sealed class PostgreSqlCatalog(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public async Task<IReadOnlyList<string>> TablesAsync(CancellationToken ct) => (await connection.QueryAsync<string>(new CommandDefinition("""
        SELECT c.relname FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
        ORDER BY c.relname
        """, transaction: transaction, cancellationToken: ct))).AsList();

    /// <summary>
    /// Every column of every table: (table, column, type name, whether it is GENERATED ALWAYS AS IDENTITY), in column order.
    /// </summary>
    public async Task<IReadOnlyList<(string Table, string Column, string Type, bool AlwaysIdentity)>> ColumnsAsync(CancellationToken ct) =>
        (await connection.QueryAsync<(string, string, string, bool)>(new CommandDefinition("""
            SELECT c.relname, a.attname, t.typname, a.attidentity = 'a'
            FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
            ORDER BY c.relname, a.attnum
            """, transaction: transaction, cancellationToken: ct))).AsList();

    /// <summary>Every foreign key: the referencing table and columns, the referenced table and columns (comma-separated, in key order).</summary>
    public async Task<IReadOnlyList<ForeignKey>> ForeignKeysAsync(CancellationToken ct) =>
        (await connection.QueryAsync<ForeignKey>(new CommandDefinition("""
            SELECT src.relname AS "Table", dst.relname AS "Referenced",
                   (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS "Columns",
                   (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS "ReferencedColumns"
            FROM pg_constraint c
            JOIN pg_class src ON src.oid = c.conrelid
            JOIN pg_class dst ON dst.oid = c.confrelid
            WHERE c.contype = 'f' AND src.relnamespace = current_schema()::regnamespace
            ORDER BY 1, 2, 3
            """, transaction: transaction, cancellationToken: ct))).AsList();

    /// <summary>Columns fed by a sequence (identity or serial): (table, column, sequence).</summary>
    public async Task<IReadOnlyList<(string Table, string Column, string Sequence)>> SequencesAsync(CancellationToken ct) =>
        (await connection.QueryAsync<(string, string, string)>(new CommandDefinition("""
            SELECT c.relname, a.attname, pg_get_serial_sequence(quote_ident(c.relname), a.attname)
            FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
              AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL
            ORDER BY 1, 2
            """, transaction: transaction, cancellationToken: ct))).AsList();

    internal sealed record ForeignKey(string Table, string Referenced, string Columns, string ReferencedColumns);
}
