namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>
/// One table a move copies, in the column order of the PostgreSQL schema. A table that references itself (a request's
/// parent request) names the referencing column and the key it points at, so that parents are copied before children.
/// A table whose PostgreSQL identity column stands in for SQLite's rowid is read in rowid order.
/// </summary>
internal sealed record CopiedTable(string Name, IReadOnlyList<CopiedColumn> Columns, SelfReference? SelfReference, bool InRowidOrder = false)
{
    /// <summary>The quoted column list, for SELECT and COPY alike.</summary>
    public string ColumnList(string? alias = null) =>
        string.Join(", ", Columns.Select(c => (alias is null ? "" : alias + ".") + Sql.Quote(c.Name)));
}
