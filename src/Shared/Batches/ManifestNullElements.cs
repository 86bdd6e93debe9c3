using System.Text.Json;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The serializer enforces non-null properties but lets <c>null</c> through as a list element; such a manifest
/// is malformed like any other JSON that does not fit the schema, and must not reach the rules as a null entry.
/// </summary>
internal static class ManifestNullElements
{
    public static BatchManifest Refuse(BatchManifest manifest)
    {
        Check(manifest.Volumes, "volumes");
        Check(manifest.Artifacts, "artifacts");
        Check(manifest.Blobs, "blobs");
        Check(manifest.Files, "files");
        for (var i = 0; i < manifest.Artifacts.Count; i++)
        {
            Refuse(manifest.Artifacts[i], i);
        }

        for (var i = 0; i < manifest.Blobs.Count; i++)
        {
            Check(manifest.Blobs[i].Chunks, $"blobs[{i}].chunks");
        }

        return manifest;
    }

    public static ManifestArtifact Refuse(ManifestArtifact artifact, int position)
    {
        Check(artifact.Blobs, $"artifacts[{position}].blobs");
        Check(artifact.Attachments, $"artifacts[{position}].attachments");
        return artifact;
    }

    private static void Check<T>(IReadOnlyList<T?>? list, string name)
        where T : class
    {
        if (list is null)
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                throw new JsonException($"{name}[{i}] is null");
            }
        }
    }
}
