using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TransferPipeline.Shared.Batches;

/// <summary>Parses and serialises manifest.json, strictly: unknown or duplicate properties are errors.</summary>
public static class ManifestReader
{
    /// <summary>Reads formatVersion alone, so a newer format is reported as such, not as malformed.</summary>
    public static int? PeekFormatVersion(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("formatVersion"u8);
                reader.Read();
                if (isVersion)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version) ? version : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>Parses a manifest; throws <see cref="JsonException"/> with the location of the problem.</summary>
    public static BatchManifest Parse(ReadOnlySpan<byte> json) =>
        ManifestNullElements.Refuse(JsonSerializer.Deserialize(json, PooledTypeInfo())
            ?? throw new JsonException("manifest.json is null"));

    /// <summary>
    /// Parses a manifest from a stream without holding its text: memory is the parsed manifest, whose
    /// repeated digests and paths are shared. Throws <see cref="JsonException"/> like <see cref="Parse"/>.
    /// </summary>
    public static async ValueTask<BatchManifest> ParseAsync(Stream json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ManifestNullElements.Refuse(await JsonSerializer.DeserializeAsync(json, PooledTypeInfo(), cancellationToken)
            ?? throw new JsonException("manifest.json is null"));
    }

    public static byte[] Serialize(BatchManifest manifest) =>
        JsonSerializer.SerializeToUtf8Bytes(manifest, BatchJsonContext.Default.BatchManifest);

    // Options are per parse because the string pool is: it is dropped with them once the parse ends.
    private static JsonTypeInfo<BatchManifest> PooledTypeInfo() => PooledTypeInfo<BatchManifest>();

    internal static JsonTypeInfo<T> PooledTypeInfo<T>()
    {
        var options = new JsonSerializerOptions(BatchJsonContext.Default.Options);
        options.Converters.Add(new PooledStringConverter());
        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }
}
