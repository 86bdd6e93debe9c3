using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Batches;

/// <summary>Reads an artifact's blob digests into a <see cref="ManifestDigestList"/>; writes them as a JSON array of strings.</summary>
public sealed class ManifestDigestListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array of blob digests, found {reader.TokenType}.");
        }

        var digests = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            digests.Add(reader.TokenType switch
            {
                JsonTokenType.String => Text(ref reader),
                JsonTokenType.Null => throw new JsonException($"blobs[{digests.Count}] is null"),
                _ => throw new JsonException($"Expected a blob digest (a string), found {reader.TokenType}."),
            });
        }

        return new ManifestDigestList(digests);
    }

    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException("A blob digest is not valid UTF-8.", ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var digest in value)
        {
            writer.WriteStringValue(digest);
        }

        writer.WriteEndArray();
    }
}
