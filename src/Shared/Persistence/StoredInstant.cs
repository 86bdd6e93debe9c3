using System.Data;
using System.Globalization;

namespace TransferPipeline.Shared.Persistence;

/// <summary>
/// How the schema stores an instant: UTC ISO-8601 text ("O" format, e.g. <c>2025-01-02T03:04:05.0000000+00:00</c>), which
/// sorts correctly as text and reads the same in any tool. Dapper's <see cref="DateTimeOffsetTypeHandler"/> and the readers
/// that map rows by hand both go through here.
/// </summary>
public static class StoredInstant
{
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseText(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None).ToUniversalTime();

    /// <summary>A column's value as an instant: null for NULL.</summary>
    /// <exception cref="DataException">The value is neither text nor an instant.</exception>
    public static DateTimeOffset? Parse(object? value) => value switch
    {
        null or DBNull => null,
        string text => ParseText(text),
        DateTimeOffset instant => instant.ToUniversalTime(),
        _ => throw new DataException($"Cannot read a {value.GetType().Name} as a timestamp; expected ISO-8601 text."),
    };
}
