namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>
/// The PostgreSQL column types a move converts SQLite's values into. Every other type is refused before a row is copied,
/// so that a schema change the move does not understand cannot lose data silently.
/// </summary>
internal enum ColumnKind
{
    Int64,
    Int32,
    Int16,
    Boolean,
    Text,
    Bytes,
    Float64,
    Float32,
}
