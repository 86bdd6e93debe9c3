using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>
/// A column's values on the way from SQLite to PostgreSQL: converted strictly to what the PostgreSQL column holds (an
/// INTEGER 2 never becomes a boolean, text never becomes a number), written to the binary COPY, read back, and encoded
/// canonically for the content check, so the check compares what was converted with what PostgreSQL stored.
/// </summary>
internal static class ColumnValues
{
    private const byte NullTag = 0;
    private const byte IntegerTag = 1;
    private const byte BooleanTag = 2;
    private const byte TextTag = 3;
    private const byte BytesTag = 4;
    private const byte FloatTag = 5;

    /// <summary>The value SQLite holds at <paramref name="ordinal"/>, as the PostgreSQL column's type; null for NULL.</summary>
    /// <exception cref="MoveRefusedException">The value does not fit the PostgreSQL column.</exception>
    public static object? FromSqlite(SqliteDataReader reader, int ordinal, CopiedTable table, CopiedColumn column)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var value = reader.GetValue(ordinal);
        object? converted = (column.Kind, value) switch
        {
            (ColumnKind.Int64, long l) => l,
            (ColumnKind.Int32, long l) when l is >= int.MinValue and <= int.MaxValue => l,
            (ColumnKind.Int16, long l) when l is >= short.MinValue and <= short.MaxValue => l,
            (ColumnKind.Boolean, long l) when l is 0 or 1 => l == 1,
            (ColumnKind.Text, string s) => s,
            (ColumnKind.Bytes, byte[] b) => b,
            (ColumnKind.Float64, double d) => d,
            (ColumnKind.Float64, long l) => (double)l,
            (ColumnKind.Float32, double d) => (double)(float)d,
            (ColumnKind.Float32, long l) => (double)(float)l,
            _ => null,
        };
        return converted ?? throw new MoveRefusedException(MoveReasons.ValueNotConvertible,
            $"table {table.Name}, column {column.Name}: SQLite holds a {SqliteTypeName(value)} value that does not fit its " +
            $"PostgreSQL type ({column.Kind}); nothing was copied");
    }

    /// <summary>
    /// Writes a value of <see cref="FromSqlite"/> to the COPY. Synchronous: the importer buffers, and an awaited write per
    /// value cost more than the copy itself.
    /// </summary>
    public static void Write(NpgsqlBinaryImporter importer, object? value, ColumnKind kind)
    {
        switch (value is null ? null : (ColumnKind?)kind)
        {
            case null:
                importer.WriteNull();
                break;
            case ColumnKind.Int64:
                importer.Write((long)value!, NpgsqlDbType.Bigint);
                break;
            case ColumnKind.Int32:
                importer.Write((int)(long)value!, NpgsqlDbType.Integer);
                break;
            case ColumnKind.Int16:
                importer.Write((short)(long)value!, NpgsqlDbType.Smallint);
                break;
            case ColumnKind.Boolean:
                importer.Write((bool)value!, NpgsqlDbType.Boolean);
                break;
            case ColumnKind.Text:
                importer.Write((string)value!, NpgsqlDbType.Text);
                break;
            case ColumnKind.Bytes:
                importer.Write((byte[])value!, NpgsqlDbType.Bytea);
                break;
            case ColumnKind.Float64:
                importer.Write((double)value!, NpgsqlDbType.Double);
                break;
            case ColumnKind.Float32:
                importer.Write((float)(double)value!, NpgsqlDbType.Real);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>The value PostgreSQL holds at <paramref name="ordinal"/>, in the representation <see cref="FromSqlite"/> returns.</summary>
    public static object? FromPostgreSql(NpgsqlDataReader reader, int ordinal, ColumnKind kind)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return kind switch
        {
            ColumnKind.Int64 => reader.GetInt64(ordinal),
            ColumnKind.Int32 => (long)reader.GetInt32(ordinal),
            ColumnKind.Int16 => (long)reader.GetInt16(ordinal),
            ColumnKind.Boolean => reader.GetBoolean(ordinal),
            ColumnKind.Text => reader.GetString(ordinal),
            ColumnKind.Bytes => reader.GetFieldValue<byte[]>(ordinal),
            ColumnKind.Float64 => reader.GetDouble(ordinal),
            ColumnKind.Float32 => (double)reader.GetFloat(ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>Appends a type tag and the value's bytes (lengths first), so that no two different rows encode alike.</summary>
    public static void Encode(ArrayBufferWriter<byte> row, object? value)
    {
        switch (value)
        {
            case null:
                row.Write([NullTag]);
                break;
            case long l:
                row.Write([IntegerTag]);
                BinaryPrimitives.WriteInt64LittleEndian(row.GetSpan(8), l);
                row.Advance(8);
                break;
            case bool b:
                row.Write([BooleanTag, b ? (byte)1 : (byte)0]);
                break;
            case string s:
                row.Write([TextTag]);
                WriteLength(row, Encoding.UTF8.GetByteCount(s));
                row.Advance(Encoding.UTF8.GetBytes(s, row.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length))));
                break;
            case byte[] bytes:
                row.Write([BytesTag]);
                WriteLength(row, bytes.Length);
                row.Write(bytes);
                break;
            case double d:
                row.Write([FloatTag]);
                BinaryPrimitives.WriteDoubleLittleEndian(row.GetSpan(8), d);
                row.Advance(8);
                break;
            default:
                throw new ArgumentException($"Not a converted value: {value.GetType()}", nameof(value));
        }
    }

    private static void WriteLength(ArrayBufferWriter<byte> row, int length)
    {
        BinaryPrimitives.WriteInt32LittleEndian(row.GetSpan(4), length);
        row.Advance(4);
    }

    private static string SqliteTypeName(object value) => value switch
    {
        long => "INTEGER",
        double => "REAL",
        string => "TEXT",
        byte[] => "BLOB",
        _ => value.GetType().Name,
    };
}
