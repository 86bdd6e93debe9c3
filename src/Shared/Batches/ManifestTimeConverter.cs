using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Times in a manifest are RFC 3339 date-times with an explicit offset (<c>2026-11-22T08:00:00+00:00</c>). The
/// serializer's own reader also takes a time without an offset and reads it in the machine's time zone, so two
/// verifiers in different zones would disagree about expiry; such a time is refused.
/// </summary>
internal sealed class ManifestTimeConverter : JsonConverter<DateTimeOffset>
{
    private const int MaxFractionDigits = 7;
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);

    /// <summary>The time this text gives; <see cref="JsonException"/> unless it has the form above.</summary>
    public static DateTimeOffset Parse(string? text)
    {
        if (text is null || !TryParse(text, out var value))
        {
            throw new JsonException("a time must be an RFC 3339 date-time with an explicit offset, such as 2026-11-22T08:00:00+00:00");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);

    // yyyy-MM-ddTHH:mm:ss, then a fraction of 1 to 7 digits, then Z or +HH:mm or -HH:mm, read character by character:
    // the culture-aware parser would load its culture tables, and a regular expression its engine, for this one form.
    // Every field must be in range, the offset at most 14 hours, and the time in UTC within DateTimeOffset's range.
    private static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !Digits(text.Slice(0, 4), out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute)
            || !Digits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var rest = text[19..];
        long fractionTicks = 0;
        if (rest[0] == '.')
        {
            var digits = 0;
            while (1 + digits < rest.Length && char.IsAsciiDigit(rest[1 + digits]))
            {
                digits++;
            }

            if (digits is 0 or > MaxFractionDigits || !Digits(rest.Slice(1, digits), out var fraction))
            {
                return false;
            }

            fractionTicks = fraction;
            for (var place = digits; place < MaxFractionDigits; place++)
            {
                fractionTicks *= 10;
            }

            rest = rest[(1 + digits)..];
        }

        if (!Offset(rest, out var offset) || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks;
        var utcTicks = ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(ticks, offset);
        return true;
    }

    private static bool Offset(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text is "Z")
        {
            return true;
        }

        if (text.Length != 6 || text[0] is not ('+' or '-') || text[3] != ':'
            || !Digits(text.Slice(1, 2), out var hours) || !Digits(text.Slice(4, 2), out var minutes) || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == '-')
        {
            offset = -offset;
        }

        return offset.Duration() <= MaxOffset;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
