using Dapper;
using Microsoft.Data.Sqlite;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>
/// The tables to copy, in an order where every table comes after the tables its foreign keys reference, checked against
/// the SQLite file: the same tables with the same columns on both sides, every PostgreSQL type one the move converts into.
/// <c>schema_migrations</c> is not copied: the PostgreSQL database records its own history as it is created.
/// A GENERATED ALWAYS identity column that SQLite lacks stands in for SQLite's rowid (ordering rows written in the same
/// instant): it is not copied but numbered by PostgreSQL as the rows arrive, and they arrive in rowid order.
/// </summary>
internal static class CopyPlan
{
    public const string History = "schema_migrations";

    public static async Task<Outcome<IReadOnlyList<CopiedTable>>> CreateAsync(
        PostgreSqlCatalog target, SqliteConnection source, SqliteTransaction sourceTransaction, CancellationToken ct)
    {
        var allColumns = (await target.ColumnsAsync(ct)).Where(c => c.Table != History).ToList();
        var sourceColumns = (await source.QueryAsync<(string Table, string Column)>(new CommandDefinition("""
            SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'schema_migrations'
            """, transaction: sourceTransaction, cancellationToken: ct))).ToHashSet();
        var rowidStandIns = allColumns.Where(c => c.AlwaysIdentity && !sourceColumns.Contains((c.Table, c.Column))).ToList();
        var columns = allColumns.Except(rowidStandIns).ToList();
        var targetColumns = columns.Select(c => (Table: c.Table, Column: c.Column)).ToHashSet();
        var onlyOneSide = sourceColumns.Except(targetColumns).Select(c => $"{c.Table}.{c.Column} only in SQLite")
            .Concat(targetColumns.Except(sourceColumns).Select(c => $"{c.Table}.{c.Column} only in PostgreSQL")).ToList();
        if (onlyOneSide.Count > 0)
        {
            return new Failure(MoveReasons.SchemaMismatch, "the two schemas differ: " + string.Join(", ", onlyOneSide.Take(10)));
        }

        var unsupported = columns.Where(c => CopiedColumn.KindOf(c.Type) is null).Select(c => $"{c.Table}.{c.Column} ({c.Type})").ToList();
        if (unsupported.Count > 0)
        {
            return new Failure(MoveReasons.SchemaMismatch, "no conversion into these PostgreSQL types: " + string.Join(", ", unsupported));
        }

        var keys = (await target.ForeignKeysAsync(ct)).Where(k => k.Table != History).ToList();
        var selfReferences = keys.Where(k => k.Table == k.Referenced).ToList();
        if (selfReferences.GroupBy(k => k.Table).Any(g => g.Count() > 1)
            || selfReferences.Any(k => k.Columns.Contains(',', StringComparison.Ordinal)))
        {
            return new Failure(MoveReasons.SchemaMismatch, "a table references itself through more than one single-column key; not supported");
        }

        var order = DependencyOrder(columns.Select(c => c.Table).Distinct(StringComparer.Ordinal), keys);
        if (!order.IsOk)
        {
            return order.Error;
        }

        return Outcome<IReadOnlyList<CopiedTable>>.Success([.. order.Value.Select(table => new CopiedTable(
            table,
            [.. columns.Where(c => c.Table == table).Select(c => new CopiedColumn(c.Column, CopiedColumn.KindOf(c.Type)!.Value))],
            selfReferences.Where(k => k.Table == table).Select(k => new SelfReference(k.Columns, k.ReferencedColumns)).SingleOrDefault(),
            InRowidOrder: rowidStandIns.Any(c => c.Table == table)))]);
    }

    /// <summary>Referenced tables first (Kahn's algorithm, ties by name so every run copies alike); a cycle between tables is refused.</summary>
    private static Outcome<IReadOnlyList<string>> DependencyOrder(IEnumerable<string> tables, IReadOnlyList<PostgreSqlCatalog.ForeignKey> keys)
    {
        var waitingFor = tables.ToDictionary(t => t, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var key in keys.Where(k => k.Table != k.Referenced && waitingFor.ContainsKey(k.Table)))
        {
            waitingFor[key.Table].Add(key.Referenced);
        }

        var order = new List<string>();
        while (waitingFor.Count > 0)
        {
            var ready = waitingFor.Where(t => t.Value.All(r => !waitingFor.ContainsKey(r)))
                .Select(t => t.Key)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (ready.Count == 0)
            {
                return new Failure(MoveReasons.SchemaMismatch,
                    "foreign keys form a cycle between tables " + string.Join(", ", waitingFor.Keys.Order(StringComparer.Ordinal)));
            }

            foreach (var table in ready)
            {
                waitingFor.Remove(table);
                order.Add(table);
            }
        }

        return Outcome<IReadOnlyList<string>>.Success(order);
    }
}
