using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Oci;

internal sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("digest must be a JSON string");
        }

        var text = reader.GetString();
        return Digest.TryParse(text, out var digest, out var error) ? digest : throw new JsonException($"invalid digest: {error}");
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
