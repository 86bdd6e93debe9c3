using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TransferPipeline.Shared.Audit;

/// <summary>
/// Turns audit details into one canonical JSON object: camelCase names, properties sorted by
/// ordinal name at every level, no whitespace, strings re-escaped minimally (only quotes,
/// backslashes and control characters). The same details therefore always hash the same,
/// whatever order an anonymous type declared them in or however a caller's JSON was escaped.
/// </summary>
internal static class CanonicalJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    // The JSON is written to a file and hashed, never embedded in HTML, so the relaxed encoder's
    // readable output is safe here.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string SerializeObject(object? details, string parameterName)
    {
        if (details is null)
        {
            return "{}";
        }

        var element = details as JsonElement? ?? JsonSerializer.SerializeToElement(details, details.GetType(), Options);
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException(
                $"Audit details must serialize to a JSON object, not {element.ValueKind}; pass an object such as new {{ batchId }}.",
                parameterName);
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, element, parameterName);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element, string parameterName)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(writer, element, parameterName);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item, parameterName);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement element, string parameterName)
    {
        var properties = element.EnumerateObject().ToList();
        properties.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        writer.WriteStartObject();
        for (var i = 0; i < properties.Count; i++)
        {
            if (i > 0 && properties[i].Name == properties[i - 1].Name)
            {
                throw new ArgumentException($"Audit details name the property '{properties[i].Name}' twice.", parameterName);
            }

            writer.WritePropertyName(properties[i].Name);
            Write(writer, properties[i].Value, parameterName);
        }

        writer.WriteEndObject();
    }
}
