namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>A single-column foreign key from a table to itself: <see cref="Column"/> holds a value of <see cref="Key"/>.</summary>
internal sealed record SelfReference(string Column, string Key);
