using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>
/// A table's content in 40 bytes: its row count and the sum, modulo 2^256, of each row's SHA-256 over the row's canonical
/// encoding. The sum does not depend on the order rows are read in, so the two sides need not sort alike (SQLite compares
/// text by bytes, PostgreSQL by the database's collation) and the copy may put parents before children.
/// </summary>
internal sealed class TableDigest
{
    private readonly ulong[] _sum = new ulong[4];

    public long Rows { get; private set; }

    /// <summary>Adds one row, encoded with <see cref="ColumnValues.Encode"/>.</summary>
    public void AddRow(ArrayBufferWriter<byte> encodedRow)
    {
        ArgumentNullException.ThrowIfNull(encodedRow);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(encodedRow.WrittenSpan, hash);
        ulong carry = 0;
        for (var i = 0; i < _sum.Length; i++)
        {
            var part = BinaryPrimitives.ReadUInt64LittleEndian(hash[(i * 8)..]);
            var sum = _sum[i] + part;
            var overflow = sum < part ? 1UL : 0UL;
            var withCarry = sum + carry;
            overflow += withCarry < sum ? 1UL : 0UL;
            _sum[i] = withCarry;
            carry = overflow;
        }

        Rows++;
    }

    public bool SameAs(TableDigest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Rows == other.Rows && _sum.AsSpan().SequenceEqual(other._sum);
    }

    /// <summary>The sum in hex, for a report.</summary>
    public override string ToString() =>
        string.Concat(_sum.Reverse().Select(p => p.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)));
}
