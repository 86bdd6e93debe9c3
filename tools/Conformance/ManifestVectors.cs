using System.Text;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using static TransferPipeline.Conformance.Define;
using static TransferPipeline.Conformance.SchemaVerdict;

namespace TransferPipeline.Conformance;

/// <summary>MAN and BIND: manifest.json's top-level values, and how the signature, the manifest and the trust inputs agree.</summary>
internal static class ManifestVectors
{
    public static IEnumerable<VectorDefinition> All =>
    [
        Invalid("man1-unknown-property", "MAN-1", Reasons.ManifestMalformed, Fails, "An unknown top-level property \"comment\"",
            Manifest(b => b.Single, v => v.Manifest["comment"] = "not in the format")),
        Invalid("man1-property-missing", "MAN-1", Reasons.ManifestMalformed, Fails, "The required property chunkSize is missing",
            Manifest(b => b.Single, v => v.Manifest.Remove("chunkSize"))),
        Invalid("man1-wrong-type", "MAN-1", Reasons.ManifestMalformed, Fails, "sequence is the string \"1\", not a number",
            Manifest(b => b.Single, v => v.Manifest["sequence"] = "1")),
        Invalid("man1-null", "MAN-1", Reasons.ManifestMalformed, Fails, "An artifact's name is null",
            Manifest(b => b.Single, v => v.Artifact(ArtifactKinds.File)["name"] = null)),
        Invalid("man1-pascal-case", "MAN-1", Reasons.ManifestMalformed, Fails, "The property batchId spelled BatchId",
            Manifest(b => b.Single, v => Rename(v.Manifest, "batchId", "BatchId"))),
        Invalid("man1-duplicate-property", "MAN-1", Reasons.ManifestMalformed, Passes,
            "siteId appears twice, with the same value (a JSON Schema cannot see duplicates)",
            Text(b => b.Single, text => text.Replace("\"siteId\": \"site-a\",", "\"siteId\": \"site-a\",\n  \"siteId\": \"site-a\",",
                StringComparison.Ordinal))),
        Invalid("man1-truncated", "MAN-1", Reasons.ManifestMalformed, Fails, "manifest.json is cut off halfway (not JSON), signed as it is",
            Text(b => b.Single, text => text[..(text.Length / 2)])),
        Invalid("man1-not-utf8", "MAN-1", Reasons.ManifestMalformed, Fails, "A justification holds the byte 0xFF (not UTF-8)",
            build => Bytes(build, text =>
            {
                var at = text.IndexOf("conformance vector", StringComparison.Ordinal);
                var bytes = Encoding.UTF8.GetBytes(text);
                bytes[Encoding.UTF8.GetByteCount(text.AsSpan(0, at))] = 0xFF;
                return bytes;
            })),
        Invalid("man2-format-version-2", "MAN-2", Reasons.UnsupportedFormatVersion, Fails, "formatVersion is 2",
            Manifest(b => b.Single, v => v.Manifest["formatVersion"] = 2)),
        Invalid("man3-site-id-trailing-hyphen", "MAN-3", Reasons.ManifestInvalid, Fails,
            "siteId \"site-a-\" ends with '-' (batchId and trusted comment follow it)",
            Manifest(b => b.Single, v => SetSite(v, "site-a-"))),
        Invalid("man3-site-id-too-long", "MAN-3", Reasons.ManifestInvalid, Fails, "siteId has 33 characters (batchId follows it)",
            Manifest(b => b.Single, v => SetSite(v, new string('s', 33)))),
        Invalid("man4-batch-id-uppercase", "MAN-4", Reasons.ManifestInvalid, Fails,
            "batchId \"SITE-A-000001\" is not lowercase (so it also differs from siteId-sequence: MAN-4 is checked first)",
            Manifest(b => b.Single, v => v.Manifest["batchId"] = "SITE-A-000001")),
        Invalid("man5-sequence-zero", "MAN-5", Reasons.LimitExceeded, Fails, "sequence 0 (batchId site-a-000000)",
            Manifest(b => b.Single, v => SetSequence(v, 0))),
        Invalid("man5-sequence-too-large", "MAN-5", Reasons.LimitExceeded, Fails, "sequence 2^40 + 1 (batchId follows it)",
            Manifest(b => b.Single, v => SetSequence(v, (1L << 40) + 1))),
        Invalid("man6-batch-id-other-sequence", "MAN-6", Reasons.BatchIdMismatch, Passes, "batchId site-a-000002 for sequence 1",
            Manifest(b => b.Single, v => v.Manifest["batchId"] = "site-a-000002")),
        Invalid("man6-batch-id-unpadded", "MAN-6", Reasons.BatchIdMismatch, Fails, "batchId site-a-1: the sequence not padded to 6 digits",
            Manifest(b => b.Single, v => v.Manifest["batchId"] = "site-a-1")),
        Invalid("man7-no-offset", "MAN-7", Reasons.ManifestMalformed, Fails, "createdUtc 2026-01-01T00:00:00 has no offset",
            Manifest(b => b.Single, v => v.Manifest["createdUtc"] = "2026-01-01T00:00:00")),
        Invalid("man7-not-a-date", "MAN-7", Reasons.ManifestMalformed, Fails, "createdUtc 2026-02-30T00:00:00Z is no real date",
            Manifest(b => b.Single, v => v.Manifest["createdUtc"] = "2026-02-30T00:00:00Z")),
        Invalid("man7-space-separator", "MAN-7", Reasons.ManifestMalformed, Fails, "createdUtc 2026-01-01 00:00:00Z has a space for T",
            Manifest(b => b.Single, v => v.Manifest["createdUtc"] = "2026-01-01 00:00:00Z")),
        Invalid("man7-eight-fraction-digits", "MAN-7", Reasons.ManifestMalformed, Fails,
            "expiresUtc has 8 fraction digits (at most 7)",
            Manifest(b => b.Single, v => v.Manifest["expiresUtc"] = "2099-01-01T00:00:00.12345678Z")),
        Invalid("man7-date-only", "MAN-7", Reasons.ManifestMalformed, Fails, "expiresUtc is the date 2099-01-01 without a time",
            Manifest(b => b.Single, v => v.Manifest["expiresUtc"] = "2099-01-01")),
        Invalid("man8-expires-at-creation", "MAN-8", Reasons.ManifestInvalid, Passes, "expiresUtc equals createdUtc",
            Manifest(b => b.Single, v => v.Manifest["expiresUtc"] = v.Manifest["createdUtc"]!.DeepClone())),
        Invalid("man9-key-id-lowercase", "MAN-9", Reasons.ManifestInvalid, Fails, "keyId in lowercase hex",
            Manifest(b => b.Single, v => v.Manifest["keyId"] = ((string)v.Manifest["keyId"]!).ToLowerInvariant())),
        Invalid("man9-key-id-17-digits", "MAN-9", Reasons.ManifestInvalid, Fails, "keyId zero-padded to 17 digits",
            Manifest(b => b.Single, v => v.Manifest["keyId"] = "0" + ((string)v.Manifest["keyId"]!).PadLeft(16, '0'))),
        Invalid("man10-chunk-size-zero", "MAN-10", Reasons.LimitExceeded, Fails, "chunkSize 0",
            Manifest(b => b.Single, v => v.Manifest["chunkSize"] = 0)),
        Invalid("man10-chunk-size-4gib", "MAN-10", Reasons.LimitExceeded, Fails, "chunkSize 4294967296 (FAT32 holds at most 4 GiB - 1)",
            Manifest(b => b.Single, v => v.Manifest["chunkSize"] = 4294967296L)),
        Invalid("man11-no-volumes", "MAN-11", Reasons.LimitExceeded, Fails, "volumes is empty",
            build => NoVolumesAsync(build)),
        Invalid("man11-1000-volumes", "MAN-11", Reasons.LimitExceeded, Fails,
            "999 more volume entries (numbered 2 to 1000, none with files): 1000 volumes",
            Manifest(b => b.Single, AddVolumes)),
        Invalid("man11-no-artifacts", "MAN-11", Reasons.LimitExceeded, Fails, "artifacts is empty",
            Manifest(b => b.Single, v => v.Artifacts.Clear())),
        Invalid("bind1-comment-other-sequence", "BIND-1", Reasons.TrustedCommentMismatch, Passes,
            "Validly signed, but the trusted comment says sequence:2",
            Signed(v => v.TrustedComment().Replace("sequence:1", "sequence:2", StringComparison.Ordinal))),
        Invalid("bind1-comment-other-batch", "BIND-1", Reasons.TrustedCommentMismatch, Passes,
            "Validly signed, but the trusted comment names batch site-a-000002 (sequence 2)",
            Signed(_ => BatchTrustedComment.For("site-a-000002", "site-a", 2))),
        Invalid("bind1-comment-plain", "BIND-1", Reasons.TrustedCommentMismatch, Passes,
            "Validly signed with minisign's default trusted comment (timestamp and file name)",
            Signed(_ => "timestamp:1767225600\tfile:manifest.json\thashed")),
        Invalid("bind2-key-id-of-other-key", "BIND-2", Reasons.ManifestInvalid, Passes,
            "keyId names another key (well-formed); the manifest is signed by the trusted site key",
            Manifest(b => b.Single, (build, v) => v.Manifest["keyId"] = build.Keys[ConformanceKeys.Stranger].PublicKey.KeyIdHex)),
        Invalid("bind3-key-for-other-site", "BIND-3", Reasons.KeyNotTrustedForSite, Passes,
            "The signing key is trusted for site-b only (verify --site site-b); the batch is site-a's",
            AsWritten(b => b.Single)) with { Site = "site-b" },
        Invalid("bind4-expired", "BIND-4", Reasons.Expired, Passes, "expiresUtc is 2026-01-02T00:00:00+00:00, long past",
            Manifest(b => b.Single, v => v.Manifest["expiresUtc"] = "2026-01-02T00:00:00+00:00")),
    ];

    private static void Rename(JsonObject json, string from, string to)
    {
        var properties = json.ToList();
        json.Clear();
        foreach (var (name, value) in properties)
        {
            json[name == from ? to : name] = value?.DeepClone();
        }
    }

    private static void SetSite(VolumeEdit volume, string site)
    {
        volume.Manifest["siteId"] = site;
        volume.Manifest["batchId"] = BatchIdentifiers.BatchIdFor(site, 1);
    }

    private static void SetSequence(VolumeEdit volume, long sequence)
    {
        volume.Manifest["sequence"] = sequence;
        volume.Manifest["batchId"] = BatchIdentifiers.BatchIdFor(BaseVolumes.SiteId, sequence);
    }

    private static void AddVolumes(VolumeEdit volume)
    {
        for (var number = 2; number <= 1000; number++)
        {
            volume.Volumes.Add(new JsonObject
            {
                ["number"] = number,
                ["name"] = BatchFileNames.VolumeName("site-a-000001", number),
                ["sha256Sums"] = VolumeEdit.Sha256Hex(BitConverter.GetBytes(number)),
                ["fileCount"] = 0,
                ["bytes"] = 0,
            });
        }
    }

    private static async Task<string> NoVolumesAsync(VectorBuild build)
    {
        var volume = build.Copy(build.Bases.Single);
        volume.Volumes.Clear();
        await volume.CommitAsync(rewriteSums: false, updateVolume: false, ct: build.CancellationToken);
        return volume.Directory;
    }

    // The manifest as written, signed again with another trusted comment.
    private static Func<VectorBuild, Task<string>> Signed(Func<VolumeEdit, string> comment) => async build =>
    {
        var volume = build.Copy(build.Bases.Single);
        var bytes = await File.ReadAllBytesAsync(volume.PathOf(BatchFileNames.Manifest), build.CancellationToken);
        await volume.WriteManifestAsync(bytes, comment(volume), ct: build.CancellationToken);
        return volume.Directory;
    };

    // manifest.json edited as text (for what JSON objects cannot hold), then signed.
    private static Func<VectorBuild, Task<string>> Text(Func<BaseVolumes, string> source, Func<string, string> edit) =>
        build => Bytes(build, text => Encoding.UTF8.GetBytes(edit(text)), source);

    private static async Task<string> Bytes(VectorBuild build, Func<string, byte[]> edit, Func<BaseVolumes, string>? source = null)
    {
        var volume = build.Copy((source ?? (b => b.Single))(build.Bases));
        var text = await File.ReadAllTextAsync(volume.PathOf(BatchFileNames.Manifest), build.CancellationToken);
        var edited = edit(text);
        if (edited.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(text)))
        {
            throw new InvalidOperationException($"the edit of {build.Directory} changed nothing");
        }

        await volume.WriteManifestAsync(edited, volume.TrustedComment(), ct: build.CancellationToken);
        return volume.Directory;
    }
}
