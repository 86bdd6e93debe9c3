namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>One copied table and its row count, the same on both sides.</summary>
public sealed record MovedTable(string Name, long Rows);
