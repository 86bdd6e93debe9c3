namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>One column of a copied table: its name (the same on both sides) and its PostgreSQL type.</summary>
internal sealed record CopiedColumn(string Name, ColumnKind Kind)
{
    /// <summary>The kind of a PostgreSQL type name (<c>pg_type.typname</c>); null for a type a move cannot convert into.</summary>
    public static ColumnKind? KindOf(string typeName) => typeName switch
    {
        "int8" => ColumnKind.Int64,
        "int4" => ColumnKind.Int32,
        "int2" => ColumnKind.Int16,
        "bool" => ColumnKind.Boolean,
        "text" or "varchar" => ColumnKind.Text,
        "bytea" => ColumnKind.Bytes,
        "float8" => ColumnKind.Float64,
        "float4" => ColumnKind.Float32,
        _ => null,
    };
}
