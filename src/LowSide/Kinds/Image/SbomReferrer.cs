using System.Globalization;
using System.Text.Json;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Scanning.Sbom;

namespace TransferPipeline.LowSide.Kinds.Image;

/// <summary>
/// The OCI image manifest that carries an SBOM as a referrer of the image it describes, per the image spec's guidance for
/// artifacts: <c>artifactType</c> the SBOM's media type, the empty config, the SBOM as the one layer, the image as the subject.
/// </summary>
internal static class SbomReferrer
{
    public const string EmptyConfigMediaType = "application/vnd.oci.empty.v1+json";
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    /// <summary>The empty JSON object <c>{}</c> that stands in for a config the artifact does not have.</summary>
    public static readonly OciDescriptor EmptyConfig = new()
    {
        MediaType = EmptyConfigMediaType,
        Digest = Digest.Parse("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"),
        Size = 2,
    };

    public static ReadOnlyMemory<byte> EmptyConfigBytes => "{}"u8.ToArray();

    /// <summary>The manifest's bytes: compact, fields in a fixed order, so the same input always gives the same digest.</summary>
    public static byte[] Write(OciDescriptor sbom, OciDescriptor subject, DateTimeOffset created)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", OciMediaTypes.ImageManifest);
            writer.WriteString("artifactType", CycloneDx.MediaType);
            WriteDescriptor(writer, "config", EmptyConfig);
            writer.WriteStartArray("layers");
            WriteDescriptor(writer, null, sbom);
            writer.WriteEndArray();
            WriteDescriptor(writer, "subject", subject);
            writer.WriteStartObject("annotations");
            writer.WriteString(
                CreatedAnnotation,
                created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteDescriptor(Utf8JsonWriter writer, string? name, OciDescriptor descriptor)
    {
        if (name is null)
        {
            writer.WriteStartObject();
        }
        else
        {
            writer.WriteStartObject(name);
        }

        writer.WriteString("mediaType", descriptor.MediaType);
        writer.WriteString("digest", descriptor.Digest.Value);
        writer.WriteNumber("size", descriptor.Size);
        writer.WriteEndObject();
    }
}
