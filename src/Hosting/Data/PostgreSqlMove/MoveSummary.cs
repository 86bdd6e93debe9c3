namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>What a move did: the target, every table with its rows, how long it took, where the SQLite file went.</summary>
public sealed record MoveSummary(
    string Target, IReadOnlyList<MovedTable> Tables, long Rows, TimeSpan Elapsed, string SqliteKeptAs, long AuditEntries)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : Rows;
}
