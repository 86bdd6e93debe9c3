using System.Data;
using System.Globalization;
using Dapper;

namespace TransferPipeline.Shared.Persistence;

/// <summary>
/// Stores instants as UTC ISO-8601 text ("O" format, e.g. <c>2025-01-02T03:04:05.0000000+00:00</c>),
/// which sorts correctly as text and reads the same in any tool.
/// </summary>
/// <remarks>
/// Implements the untyped interface because Dapper hands a single-column query's NULL to the
/// handler, and only the untyped Parse can answer null for <c>DateTimeOffset?</c>.
/// </remarks>
internal sealed class DateTimeOffsetTypeHandler : SqlMapper.ITypeHandler
{
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseText(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None).ToUniversalTime();

    public void SetValue(IDbDataParameter parameter, object value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value is DateTimeOffset instant ? Format(instant) : DBNull.Value;
    }

    public object? Parse(Type destinationType, object value) => value switch
    {
        null or DBNull => null,
        string text => ParseText(text),
        DateTimeOffset instant => instant.ToUniversalTime(),
        _ => throw new DataException($"Cannot read a {value.GetType().Name} as a timestamp; expected ISO-8601 text."),
    };
}
