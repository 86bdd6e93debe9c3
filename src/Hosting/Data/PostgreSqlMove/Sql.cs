namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>Identifiers in the statements a move builds: table and column names read from the two catalogs, never from input.</summary>
internal static class Sql
{
    /// <summary>A double-quoted identifier both SQLite and PostgreSQL accept.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
