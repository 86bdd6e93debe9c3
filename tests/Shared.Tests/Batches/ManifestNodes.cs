using System.Text.Json.Nodes;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>Finds the parts of a written manifest.json that <see cref="ManifestMutation"/>s edit.</summary>
internal static class ManifestNodes
{
    public static JsonArray Artifacts(JsonObject manifest) => manifest["artifacts"]!.AsArray();

    public static JsonObject Artifact(JsonObject manifest, string kind) =>
        Artifacts(manifest).Select(a => a!.AsObject()).First(a => (string)a["kind"]! == kind);

    public static JsonObject Attachment(JsonObject manifest) => Artifact(manifest, "image")["attachments"]![0]!.AsObject();

    public static JsonObject Volume(JsonObject manifest) => manifest["volumes"]![0]!.AsObject();

    /// <summary>A blob shipped as one file.</summary>
    public static JsonObject WholeBlob(JsonObject manifest) => Blob(manifest, b => b["path"] is not null);

    public static JsonObject ChunkedBlob(JsonObject manifest) => Blob(manifest, b => b["chunks"] is not null);

    public static JsonObject Chunk(JsonObject manifest) => ChunkedBlob(manifest)["chunks"]![0]!.AsObject();

    public static JsonObject UnshippedBlob(JsonObject manifest) => Blob(manifest, b => !(bool)b["shipped"]!);

    /// <summary>The files entry of <see cref="WholeBlob"/>.</summary>
    public static JsonObject WholeBlobFile(JsonObject manifest)
    {
        var path = (string)WholeBlob(manifest)["path"]!;
        return manifest["files"]!.AsArray().Select(f => f!.AsObject()).First(f => (string)f["path"]! == path);
    }

    /// <summary>Sets siteId and the batchId and sequence that go with it, so only the rule under test can fail.</summary>
    public static void SetSite(JsonObject manifest, string siteId, long sequence)
    {
        manifest["siteId"] = siteId;
        manifest["sequence"] = sequence;
        manifest["batchId"] = $"{siteId}-{sequence:D6}";
    }

    private static JsonObject Blob(JsonObject manifest, Func<JsonObject, bool> match) =>
        manifest["blobs"]!.AsArray().Select(b => b!.AsObject()).First(match);
}
