using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Conformance;

/// <summary>
/// index.json as LAY-2 defines it, from a manifest: each image artifact all of whose blobs are stored whole on the
/// volume, once, with its media type, digest, size and layout tag; serialised as the writer does (compact, this order).
/// </summary>
internal static class LayoutIndexJson
{
    public static byte[] Build(JsonObject manifest, int volume)
    {
        var whole = manifest["blobs"]!.AsArray().Select(b => b!.AsObject())
            .Where(b => b["path"] is not null && b["volume"] is JsonValue v && v.TryGetValue<int>(out var n) && n == volume)
            .ToDictionary(b => (string)b["digest"]!, b => VolumeEdit.Long(b["size"]), StringComparer.Ordinal);
        var manifests = new JsonArray();
        foreach (var artifact in manifest["artifacts"]!.AsArray().Select(a => a!.AsObject()))
        {
            var blobs = artifact["blobs"]!.AsArray().Select(b => (string)b!).ToList();
            if ((string?)artifact["kind"] != "image" || !blobs.All(whole.ContainsKey) || artifact["layoutTag"] is null)
            {
                continue;
            }

            manifests.Add(Entry((string)artifact["mediaType"]!, (string)artifact["digest"]!, whole[(string)artifact["digest"]!],
                (string)artifact["layoutTag"]!));
        }

        return Serialize(manifests);
    }

    public static JsonObject Entry(string mediaType, string digest, long size, string tag) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = digest,
        ["size"] = size,
        ["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag },
    };

    public static byte[] Serialize(JsonArray manifests, int schemaVersion = 2, string mediaType = OciMediaTypes.ImageIndex) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["schemaVersion"] = schemaVersion,
            ["mediaType"] = mediaType,
            ["manifests"] = manifests,
        });
}
