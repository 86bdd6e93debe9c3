using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// Writes an image's inventory as a CycloneDX 1.5 JSON SBOM. The same subject and inventory give the same bytes:
/// the serial number is derived from the image digest, components are sorted by purl, and a package listed by several
/// files is one component (its bom-ref is its purl) with a layer and path property pair for each file.
/// </summary>
public static class CycloneDxWriter
{
    private const int FlushThreshold = 64 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // The SBOM is a file, never embedded in HTML: keep '+' and non-ASCII readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the SBOM for <paramref name="subject"/> to <paramref name="destination"/>.</summary>
    public static async Task WriteAsync(Stream destination, SbomSubject subject, PackageInventory inventory, CancellationToken ct = default)
    {
        await using var writer = new Utf8JsonWriter(destination, Options);
        writer.WriteStartObject();
        writer.WriteString("bomFormat", "CycloneDX");
        writer.WriteString("specVersion", CycloneDx.SpecVersion);
        writer.WriteString("serialNumber", SerialNumber(subject));
        writer.WriteNumber("version", 1);
        WriteMetadata(writer, subject, inventory);
        writer.WriteStartArray("components");
        if (inventory.OperatingSystem is { } os)
        {
            WriteOperatingSystem(writer, os);
        }

        foreach (var group in inventory.Packages.GroupBy(p => p.Package.Purl).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            WriteComponent(writer, group.Key, [.. group]);
            if (writer.BytesPending > FlushThreshold)
            {
                await writer.FlushAsync(ct);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
    }

    /// <summary>
    /// <c>urn:uuid:</c> with a name-based UUID (RFC 9562 version 8, SHA-256) of the image digest, so the same image
    /// always gets the same serial number.
    /// </summary>
    public static string SerialNumber(SbomSubject subject)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("transferpipeline:sbom:" + subject.ImageDigest.Value));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    private static void WriteMetadata(Utf8JsonWriter writer, SbomSubject subject, PackageInventory inventory)
    {
        writer.WriteStartObject("metadata");
        writer.WriteString(
            "timestamp",
            subject.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        writer.WriteStartObject("tools");
        writer.WriteStartArray("components");
        writer.WriteStartObject();
        writer.WriteString("type", "application");
        writer.WriteString("name", "TransferPipeline");
        if (subject.ToolVersion is { } toolVersion)
        {
            writer.WriteString("version", toolVersion);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartObject("component");
        writer.WriteString("type", "container");
        writer.WriteString("bom-ref", subject.ImageDigest.Value);
        writer.WriteString("name", subject.Name);
        writer.WriteString("version", subject.ImageDigest.Value);
        writer.WriteEndObject();
        if (inventory.UnreadableLayers.Count > 0)
        {
            WriteProperties(writer, inventory.UnreadableLayers.Select(l => (CycloneDx.UnreadableLayerProperty, l.Layer.Value)));
        }

        writer.WriteEndObject();
    }

    private static void WriteOperatingSystem(Utf8JsonWriter writer, InventoryOperatingSystem os)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "operating-system");
        writer.WriteString("bom-ref", os.Release.VersionId is { } v ? $"os:{os.Release.Id}@{v}" : $"os:{os.Release.Id}");
        writer.WriteString("name", os.Release.Id);
        if (os.Release.VersionId is { } version)
        {
            writer.WriteString("version", version);
        }

        if (os.Release.PrettyName is { } prettyName)
        {
            writer.WriteString("description", prettyName);
        }

        WriteProperties(writer, [(CycloneDx.LayerProperty, os.Layer.Value), (CycloneDx.PathProperty, os.Path)]);
        writer.WriteEndObject();
    }

    private static void WriteComponent(Utf8JsonWriter writer, string purl, IReadOnlyList<InventoryPackage> occurrences)
    {
        var package = occurrences[0].Package;
        writer.WriteStartObject();
        writer.WriteString("type", "library");
        writer.WriteString("bom-ref", purl);
        writer.WriteString("name", package.Name);
        writer.WriteString("version", package.Version);
        writer.WriteString("purl", purl);
        var properties = occurrences
            .OrderBy(o => o.Path, StringComparer.Ordinal)
            .ThenBy(o => o.Layer.Value, StringComparer.Ordinal)
            .SelectMany(o => new[] { (CycloneDx.LayerProperty, o.Layer.Value), (CycloneDx.PathProperty, o.Path) })
            .ToList();
        if (package.SourceName is { } sourceName)
        {
            properties.Add((CycloneDx.SourceNameProperty, sourceName));
        }

        if (package.SourceVersion is { } sourceVersion)
        {
            properties.Add((CycloneDx.SourceVersionProperty, sourceVersion));
        }

        WriteProperties(writer, properties);
        writer.WriteEndObject();
    }

    private static void WriteProperties(Utf8JsonWriter writer, IEnumerable<(string Name, string Value)> properties)
    {
        writer.WriteStartArray("properties");
        foreach (var (name, value) in properties)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("value", value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
