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
