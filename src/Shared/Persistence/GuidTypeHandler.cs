using System.Data;
using System.Globalization;
using Dapper;

namespace TransferPipeline.Shared.Persistence;

/// <summary>
/// Stores identifiers as lowercase text (<c>xxxxxxxx-xxxx-...</c>) rather than Microsoft.Data.Sqlite's
/// default 16-byte blob, so they read the same in the sqlite3 shell, logs and exports.
/// </summary>
/// <remarks>Untyped for the same NULL reason as <see cref="DateTimeOffsetTypeHandler"/>.</remarks>
internal sealed class GuidTypeHandler : SqlMapper.ITypeHandler
{
    public void SetValue(IDbDataParameter parameter, object value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value is Guid id ? id.ToString("D", CultureInfo.InvariantCulture) : DBNull.Value;
    }

    public object? Parse(Type destinationType, object value) => value switch
    {
        null or DBNull => null,
        string text => Guid.Parse(text, CultureInfo.InvariantCulture),
        byte[] { Length: 16 } bytes => new Guid(bytes),
        Guid id => id,
        _ => throw new DataException($"Cannot read a {value.GetType().Name} as an identifier; expected text."),
    };
}
