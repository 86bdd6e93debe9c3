using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TransferPipeline.Shared.Oci;

/// <summary>Parsing and validation of registry JSON, which may come from a hostile registry.</summary>
internal static class OciJson
{
    public static T Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new OciFormatException($"The {what} is the JSON literal null.");
        }
        catch (JsonException ex)
        {
            throw new OciFormatException($"The {what} is not valid: {DisplayText.Printable(ex.Message, 300)}", ex);
        }
    }

    // Every field name of the OCI image manifest, index and descriptor, and of a descriptor's platform.
    private static readonly string[] FieldNames =
    [
        "schemaVersion", "mediaType", "artifactType", "config", "layers", "manifests", "subject", "annotations",
        "digest", "size", "urls", "data", "platform", "architecture", "os", "os.version", "os.features", "variant", "features",
    ];

    /// <summary>
    /// Refuses a manifest or index with a key that is one of the OCI field names in other letter case (<c>"Subject"</c>,
    /// <c>"DIGEST"</c>), or any key with characters outside ASCII (<c>"ſubject"</c>, which Go folds to <c>subject</c>).
    /// This parser matches names exactly; Go's encoding/json, which registries and container runtimes read manifests with,
    /// also takes such a key for the field, and the last one wins. A manifest that reads one way here and
    /// another way there could carry a subject no check saw, or name a layer other than the one verified. Keys inside
    /// <c>annotations</c> are free text and not looked at.
    /// </summary>
    /// <exception cref="OciFormatException">Such a key is present, or the JSON is not valid.</exception>
    public static void RefuseFieldNamesInOtherCase(ReadOnlySpan<byte> json, string what)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var inAnnotations = new Stack<bool>();
        var annotationsNext = false;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        inAnnotations.Push(annotationsNext);
                        break;
                    case JsonTokenType.EndObject:
                        inAnnotations.Pop();
                        break;
                    case JsonTokenType.PropertyName when !inAnnotations.Peek():
                        var name = reader.GetString()!;
                        // Go folds more than ASCII ("ſubject" is its "subject"); no OCI key has anything but ASCII.
                        if (!Ascii.IsValid(name))
                        {
                            throw new OciFormatException($"The {what} has a key '{DisplayText.Printable(name)}' with characters outside ASCII.");
                        }

                        if (FieldNames.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase) && f != name) is { } field)
                        {
                            throw new OciFormatException(
                                $"The {what} has a key '{DisplayText.Printable(name)}', the field name '{field}' in other letters.");
                        }

                        break;
                }

                annotationsNext = reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("annotations"u8);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a key that is not valid UTF-16 once unescaped (a lone surrogate).
            throw new OciFormatException($"The {what} is not valid: {DisplayText.Printable(ex.Message, 300)}", ex);
        }
    }

    public static void ValidateManifest(ImageManifest manifest)
    {
        ValidateSchemaVersion(manifest.SchemaVersion, "image manifest");
        ValidateDescriptor(manifest.Config, "config");
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            ValidateDescriptor(manifest.Layers[i], $"layers[{i}]");
        }

        if (manifest.Subject is { } subject)
        {
            ValidateDescriptor(subject, "subject");
        }
    }

    public static void ValidateIndex(ImageIndex index)
    {
        ValidateSchemaVersion(index.SchemaVersion, "image index");
        for (var i = 0; i < index.Manifests.Count; i++)
        {
            ValidateDescriptor(index.Manifests[i], $"manifests[{i}]");
        }

        if (index.Subject is { } subject)
        {
            ValidateDescriptor(subject, "subject");
        }
    }

    private static void ValidateSchemaVersion(int schemaVersion, string what)
    {
        if (schemaVersion != 2)
        {
            throw new OciFormatException($"The {what} has schemaVersion {schemaVersion}; only 2 is supported.");
        }
    }

    private static void ValidateDescriptor(OciDescriptor? descriptor, string where)
    {
        // RespectNullableAnnotations catches explicit nulls; this also covers null list elements.
        if (descriptor is null)
        {
            throw new OciFormatException($"Descriptor {where} is null.");
        }

        if (!OciGrammar.IsValidMediaType(descriptor.MediaType))
        {
            throw new OciFormatException($"Descriptor {where} has an invalid mediaType '{DisplayText.Printable(descriptor.MediaType)}'.");
        }

        if (descriptor.Size < 0)
        {
            throw new OciFormatException($"Descriptor {where} has a negative size ({descriptor.Size}).");
        }
    }
}
