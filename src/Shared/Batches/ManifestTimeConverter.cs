using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Times in a manifest are RFC 3339 date-times with an explicit offset (<c>2026-11-22T08:00:00+00:00</c>). The
/// serializer's own reader also takes a time without an offset and reads it in the machine's time zone, so two
/// verifiers in different zones would disagree about expiry; such a time is refused.
/// </summary>
internal sealed partial class ManifestTimeConverter : JsonConverter<DateTimeOffset>
{
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,7})?(?:Z|[+-][0-9]{2}:[0-9]{2})\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);

    /// <summary>The time this text gives; <see cref="JsonException"/> unless it has the form above.</summary>
    public static DateTimeOffset Parse(string? text)
    {
        if (text is null || !TimePattern().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new JsonException("a time must be an RFC 3339 date-time with an explicit offset, such as 2026-11-22T08:00:00+00:00");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
