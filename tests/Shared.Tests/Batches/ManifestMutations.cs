using System.Text.Json.Nodes;
using static TransferPipeline.Shared.Tests.Batches.ManifestNodes;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>Single edits of a written manifest for the MAN and ART rules; <see cref="StructureMutations"/> has the STR rules.</summary>
internal static class ManifestMutations
{
    private const string Time = "2026-11-22T08:00:00";

    public static IEnumerable<ManifestMutation> All =>
    [
        new("MAN-1", "unknown top-level property", false, m => m["comment"] = "hello"),
        new("MAN-1", "required property missing", false, m => m.Remove("files")),
        new("MAN-1", "number written as a string", false, m => m["chunkSize"] = m["chunkSize"]!.ToString()),
        new("MAN-1", "null for a required string", false, m => m["keyId"] = null),
        new("MAN-1", "an object for an array", false, m => m["blobs"] = new JsonObject()),
        new("MAN-1", "null among the volumes", false,
            m => m["volumes"]!.AsArray().Add(null)),
        new("MAN-1", "null among the artifacts", false,
            m => m["artifacts"]!.AsArray().Add(null)),
        new("MAN-1", "null among the blobs", false,
            m => m["blobs"]!.AsArray().Add(null)),
        new("MAN-1", "null among the files", false,
            m => m["files"]!.AsArray().Add(null)),
        new("MAN-1", "null among the chunks", false,
            m => ChunkedBlob(m)["chunks"]!.AsArray().Add(null)),
        new("MAN-1", "null among the attachments", false,
            m => Artifact(m, "image")["attachments"]!.AsArray().Add(null)),
        new("MAN-2", "format version 2", false, m => m["formatVersion"] = 2),
        new("MAN-3", "siteId of 32 characters", true, m => SetSite(m, new string('s', 32), 1)),
        new("MAN-3", "siteId of 33 characters", false, m => SetSite(m, new string('s', 33), 1)),
        new("MAN-3", "siteId with uppercase", false, m => SetSite(m, "Site-a", 1)),
        new("MAN-3", "siteId starting with '-'", false, m => SetSite(m, "-site", 1)),
        new("MAN-4", "batchId ending with '-'", false, m => m["batchId"] = "site-a-000001-"),
        new("MAN-5", "sequence 0", false, m => SetSite(m, "site-a", 0)),
        new("MAN-5", "sequence 2^40", true, m => SetSite(m, "site-a", 1L << 40)),
        new("MAN-5", "sequence 2^40 + 1", false, m => SetSite(m, "site-a", (1L << 40) + 1)),
        new("MAN-6", "sequence in batchId not zero padded", false, m => m["batchId"] = "site-a-1"),
        new("MAN-7", "offset instead of Z", true, m => m["createdUtc"] = Time + "+01:00"),
        new("MAN-7", "seven fraction digits", true, m => m["createdUtc"] = Time + ".1234567Z"),
        new("MAN-7", "eight fraction digits", false, m => m["createdUtc"] = Time + ".12345678Z"),
        new("MAN-7", "no offset", false, m => m["createdUtc"] = Time),
        new("MAN-7", "date only", false, m => m["createdUtc"] = "2026-11-22"),
        new("MAN-7", "lowercase t and z", false, m => m["createdUtc"] = "2026-11-22t08:00:00z"),
        new("MAN-7", "space for T", false, m => m["createdUtc"] = "2026-11-22 08:00:00Z"),
        new("MAN-7", "no seconds", false, m => m["createdUtc"] = "2026-11-22T08:00Z"),
        new("MAN-7", "February 30", false, m => m["createdUtc"] = "2026-02-30T08:00:00Z"),
        new("MAN-7", "leap second", false, m => m["createdUtc"] = "2026-12-31T23:59:60Z"),
        new("MAN-7", "offset of 15 hours", false, m => m["createdUtc"] = Time + "+15:00"),
        new("MAN-7", "offset of 14 hours", true, m => m["createdUtc"] = Time + "+14:00"),
        new("MAN-7", "hour 24", false, m => m["expiresUtc"] = "2026-12-30T24:00:00Z"),
        new("MAN-7", "trailing line feed", false, m => m["createdUtc"] = Time + "Z\n"),
        new("MAN-7", "a number", false, m => m["createdUtc"] = 1_700_000_000),
        new("MAN-9", "keyId of 1 digit", true, m => m["keyId"] = "A"),
        new("MAN-9", "keyId zero padded to 16 digits", true, m => m["keyId"] = "00000000000000AB"),
        new("MAN-9", "keyId of 17 digits", false, m => m["keyId"] = "0" + (string)m["keyId"]!),
        new("MAN-9", "keyId with a trailing line feed", false, m => m["keyId"] = (string)m["keyId"]! + "\n"),
        new("MAN-9", "keyId in lowercase", false, m => m["keyId"] = "abc123"),
        new("MAN-9", "empty keyId", false, m => m["keyId"] = ""),
        new("MAN-10", "chunkSize 0", false, m => m["chunkSize"] = 0),
        new("MAN-10", "chunkSize 4294967295", true, m => m["chunkSize"] = 4_294_967_295L),
        new("MAN-10", "chunkSize 4294967296", false, m => m["chunkSize"] = 4_294_967_296L),
        new("MAN-11", "no volumes", false, m => m["volumes"] = new JsonArray()),
        new("MAN-11", "1000 volumes", false, m => m["volumes"] = Copies(Volume(m), 1000)),
        new("MAN-11", "no artifacts", false, m => m["artifacts"] = new JsonArray()),
        new("MAN-11", "20001 artifacts", false, m => m["artifacts"] = Copies(Artifact(m, "file"), 20_001)),
        .. Artifacts,
        .. Attachments,
    ];

    private static IEnumerable<ManifestMutation> Artifacts =>
    [
        new("MAN-1", "unknown artifact property", false, m => Artifact(m, "file")["size"] = 1),
        new("ART-1", "unknown kind", false, m => Artifact(m, "chart")["kind"] = "video"),
        new("ART-2", "digest in uppercase hex", false,
            m => Artifact(m, "file")["digest"] = ((string)Artifact(m, "file")["digest"]!).ToUpperInvariant()),
        new("ART-2", "digest of another algorithm", false, m => Artifact(m, "file")["digest"] = "sha512:" + new string('a', 128)),
        new("ART-3", "empty source", false, m => Artifact(m, "file")["source"] = ""),
        new("ART-3", "justification of spaces", false, m => Artifact(m, "file")["justification"] = "   "),
        new("ART-3", "justification of no-break spaces", false, m => Artifact(m, "file")["justification"] = "\u00a0\u3000"),
        new("ART-3", "requester missing", false, m => Artifact(m, "file").Remove("requester")),
        new("ART-3", "name null", false, m => Artifact(m, "chart")["name"] = null),
        new("ART-4", "justification of 4096 characters", true, m => Artifact(m, "file")["justification"] = new string('j', 4096)),
        new("ART-4", "justification of 4097 characters", false, m => Artifact(m, "file")["justification"] = new string('j', 4097)),
        new("ART-4", "ticket of 4097 characters", false, m => Artifact(m, "chart")["ticket"] = new string('t', 4097)),
        new("ART-5", "non-ASCII letters in the justification", true, m => Artifact(m, "file")["justification"] = "für Zoë, 東京"),
        new("ART-5", "bell in the justification", false, m => Artifact(m, "file")["justification"] = "ring\u0007"),
        new("ART-5", "line feed in the name", false, m => Artifact(m, "chart")["name"] = "chart\nname"),
        new("ART-5", "C1 control in the version", false, m => Artifact(m, "chart")["version"] = "1.0\u0085"),
        new("ART-5", "DEL in the requester", false, m => Artifact(m, "image")["requester"] = "alice\u007f"),
        new("ART-6", "image without layoutTag", false, m => Artifact(m, "image").Remove("layoutTag")),
        new("ART-6", "image with layoutTag null", false, m => Artifact(m, "image")["layoutTag"] = null),
        new("ART-6", "image without mediaType", false, m => Artifact(m, "image").Remove("mediaType")),
        new("ART-6", "image with an empty mediaType", false, m => Artifact(m, "image")["mediaType"] = ""),
        new("ART-6", "image layoutTag starting with '.'", false, m => Artifact(m, "image")["layoutTag"] = ".app"),
        new("ART-6", "image layoutTag with ':'", false, m => Artifact(m, "image")["layoutTag"] = "app:1.0"),
        new("ART-6", "image layoutTag with a trailing line feed", false, m => Artifact(m, "image")["layoutTag"] = "app\n"),
        new("ART-6", "image layoutTag of 128 characters", true, m => Artifact(m, "image")["layoutTag"] = "_" + new string('t', 127)),
        new("ART-6", "image layoutTag of 129 characters", false, m => Artifact(m, "image")["layoutTag"] = new string('t', 129)),
        new("ART-6", "file with a layoutTag", false, m => Artifact(m, "file")["layoutTag"] = "patch"),
        new("ART-6", "file with layoutTag null", true, m => Artifact(m, "file")["layoutTag"] = null),
        new("ART-6", "file with a mediaType", true, m => Artifact(m, "file")["mediaType"] = "application/octet-stream"),
        new("ART-6", "chart with mediaType null", true, m => Artifact(m, "chart")["mediaType"] = null),
        new("ART-8", "scanner-data named yara", false, m => Artifact(m, "scanner-data")["name"] = "yara"),
        new("ART-9", "no blobs", false, m => Artifact(m, "file")["blobs"] = new JsonArray()),
        new("ART-9", "a blob that is not a digest", false, m => Artifact(m, "file")["blobs"]!.AsArray().Add("sha256:abc")),
        new("ART-9", "a null blob", false, m => Artifact(m, "file")["blobs"]!.AsArray().Add(null)),
        new("ART-10", "a blob listed twice", false,
            m => Artifact(m, "image")["blobs"]!.AsArray().Add(Artifact(m, "image")["digest"]!.DeepClone())),
        new("ART-*", "version, ticket and mediaType null", true, m =>
        {
            Artifact(m, "chart")["version"] = null;
            Artifact(m, "chart")["ticket"] = null;
            Artifact(m, "file")["mediaType"] = null;
        }),
    ];

    private static IEnumerable<ManifestMutation> Attachments =>
    [
        new("ART-12", "attachments null on the image", true, m => Artifact(m, "image")["attachments"] = null),
        new("ART-12", "attachments null on a file", true, m => Artifact(m, "file")["attachments"] = null),
        new("ART-12", "attachments on a file", false, m => Artifact(m, "file")["attachments"] = new JsonArray(Attachment(m).DeepClone())),
        new("ART-12", "empty attachments", false, m => Artifact(m, "image")["attachments"] = new JsonArray()),
        new("ART-12", "33 attachments", false, m => Artifact(m, "image")["attachments"] = Copies(Attachment(m), 33)),
        new("ART-12", "the same attachment twice", false,
            m => Artifact(m, "image")["attachments"]!.AsArray().Add(Attachment(m).DeepClone())),
        new("ART-12", "unknown attachment kind", false, m => Attachment(m)["kind"] = "provenance"),
        new("ART-12", "attachment that is an index", false, m => Attachment(m)["mediaType"] = "application/vnd.oci.image.index.v1+json"),
        new("ART-12", "Docker manifest attachment", true,
            m => Attachment(m)["mediaType"] = "application/vnd.docker.distribution.manifest.v2+json"),
        new("ART-12", "attachment digest not a digest", false, m => Attachment(m)["digest"] = "sha256:xyz"),
        new("ART-12", "signature without a tag", false, m => Attachment(m).Remove("tag")),
        new("ART-12", "signature under an attestation tag", false,
            m => Attachment(m)["tag"] = ((string)Attachment(m)["tag"]!).Replace(".sig", ".att")),
        new("ART-12", "attestation under its own tag", true, m =>
        {
            Attachment(m)["kind"] = "attestation";
            Attachment(m)["tag"] = ((string)Attachment(m)["tag"]!).Replace(".sig", ".att");
        }),
        new("ART-12", "referrer with a tag", false, m => Attachment(m)["kind"] = "referrer"),
        new("ART-12", "referrer with tag null", true, m =>
        {
            Attachment(m)["kind"] = "referrer";
            Attachment(m)["tag"] = null;
        }),
        new("MAN-1", "unknown attachment property", false, m => Attachment(m)["size"] = 1),
    ];

    private static JsonArray Copies(JsonObject node, int count) => [.. Enumerable.Range(0, count).Select(_ => node.DeepClone())];
}
