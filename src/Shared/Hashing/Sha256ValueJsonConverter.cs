using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Hashing;

/// <summary>
/// Reads a <see cref="Sha256Value"/> from a JSON string: 64 lowercase hex digits straight from the UTF-8 into 32 bytes, with no
/// string made; any other string as the options' string converter reads it (so a malformed value fails, or is kept, exactly as
/// when the property was a string). Anything but a string is malformed JSON.
/// </summary>
internal sealed class Sha256ValueJsonConverter : JsonConverter<Sha256Value>
{
    public override Sha256Value Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException();
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence && Sha256Value.TryParseHex(reader.ValueSpan, out var value))
        {
            return value;
        }

        var strings = (JsonConverter<string>)options.GetConverter(typeof(string));
        return Sha256Value.Parse(strings.Read(ref reader, typeof(string), options) ?? throw new JsonException());
    }

    public override void Write(Utf8JsonWriter writer, Sha256Value value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> hex = stackalloc byte[Sha256Value.HexLength];
        if (value.TryFormatHexUtf8(hex, out var written))
        {
            writer.WriteStringValue(hex[..written]);
        }
        else
        {
            writer.WriteStringValue(value.ToString());
        }
    }
}
