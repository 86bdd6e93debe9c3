using System.Text.Json;
using System.Text.Json.Nodes;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The OCI image layout files of a volume (oci-layout and index.json), listing each image whose blobs
/// all lie whole on that volume, tagged with its layout tag, so skopeo and umoci read the volume directly.
/// </summary>
internal static class OciLayoutIndex
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    public static readonly byte[] LayoutFile = """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray();

    public static byte[] Build(IEnumerable<(ManifestArtifact Artifact, long Size)> images)
    {
        var manifests = new JsonArray();
        foreach (var (artifact, size) in images)
        {
            manifests.Add(new JsonObject
            {
                ["mediaType"] = artifact.MediaType,
                ["digest"] = artifact.Digest,
                ["size"] = size,
                ["annotations"] = new JsonObject { [RefNameAnnotation] = artifact.LayoutTag },
            });
        }

        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = manifests,
        };
        return JsonSerializer.SerializeToUtf8Bytes(index);
    }
}
