using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// The hand-written manifest reader against the serializer it replaced (<see cref="BatchJsonContext"/>, which also refused
/// null list elements): every property of every kind of object removed, set to null or to a value of each other JSON type,
/// and edits of the text itself. Both must refuse the same documents, and read the others to the same manifest.
/// </summary>
[TestFixture]
internal sealed class ManifestHandReaderTests
{
    private static readonly string Sample = SampleJson();

    [TestCaseSource(nameof(PropertyEdits))]
    public void Parse_PropertyEdited_SameVerdictAndValuesAsTheSerializer(string path, string edit) =>
        AssertSameAsSerializer(Edited(path, edit));

    [TestCase("\"batchId\"", "\"\\u0062atchId\"")]
    [TestCase("\"batchId\"", "\"BatchId\"")]
    [TestCase("\"formatVersion\": 1", "\"formatVersion\": 1.0")]
    [TestCase("\"formatVersion\": 1", "\"formatVersion\": 1e0")]
    [TestCase("\"formatVersion\": 1", "\"formatVersion\": -0")]
    [TestCase("\"formatVersion\": 1", "\"formatVersion\": 2147483648")]
    [TestCase("\"sequence\": 7", "\"sequence\": 9223372036854775808")]
    [TestCase("\"formatVersion\": 1", "\"formatVersion\": \"1\"")]
    [TestCase("\"formatVersion\": 1,", "\"formatVersion\": 1, \"formatVersion\": 1,")]
    [TestCase("\"path\": \"oci-layout\",", "\"path\": \"oci-layout\", \"path\": \"oci-layout\",")]
    [TestCase("\"shipped\": true,", "\"shipped\": true, \"Shipped\": true,")]
    [TestCase("\"formatVersion\": 1,", "\"formatVersion\": 1, /* comment */")]
    [TestCase("\"createdUtc\": \"2026-12-04T08:00:00+00:00\"", "\"createdUtc\": \"2026-12-04T08:00:00\"")]
    [TestCase("\"createdUtc\": \"2026-12-04T08:00:00+00:00\"", "\"createdUtc\": \"2026-12-04T08:00:00.1234567Z\"")]
    [TestCase("\"name\": \"app\",", "\"name\": \"a\\u0070p\",")]
    [TestCase("\"name\": \"app\",", "\"name\": \"\\ud800\",")]
    public void Parse_TextEdited_SameVerdictAndValuesAsTheSerializer(string from, string to)
    {
        Assert.That(Sample, Does.Contain(from));
        AssertSameAsSerializer(Sample.Replace(from, to, StringComparison.Ordinal));
    }

    // Digests and blob paths are read as hashes from the bytes where they are one (issue 18); any other text, or the same
    // text escaped, must read as the serializer reads it. {a} and {f} stand for 64 a's and 64 f's.
    [TestCase("\"blobs/sha256/{a}\"", "\"blobs/sha256/{f}\"")]
    [TestCase("\"blobs/sha256/{a}\"", "\"blobs\\u002fsha256/{a}\"")]
    [TestCase("\"blobs/sha256/{a}\"", "\"blobs/sha256/{a}0\"")]
    [TestCase("\"blobs/sha256/{a}\"", "\"BLOBS/sha256/{a}\"")]
    [TestCase("\"sha256:{a}\"", "\"sha256:{A}\"")]
    [TestCase("\"sha256:{a}\"", "\"\\u0073ha256:{a}\"")]
    [TestCase("\"sha256:{a}\"", "\"sha256:{f}\"")]
    [TestCase("\"sha256:{a}\"", "\"sha512:{a}\"")]
    public void Parse_DigestOrBlobPathEdited_SameVerdictAndValuesAsTheSerializer(string from, string to)
    {
        static string Spelled(string text) => text.Replace("{a}", new string('a', 64), StringComparison.Ordinal)
            .Replace("{A}", new string('A', 64), StringComparison.Ordinal).Replace("{f}", new string('f', 64), StringComparison.Ordinal);

        Assert.That(Sample, Does.Contain(Spelled(from)));
        AssertSameAsSerializer(Sample.Replace(Spelled(from), Spelled(to), StringComparison.Ordinal));
    }

    [TestCase("[]")]
    [TestCase("null")]
    [TestCase("\"manifest\"")]
    [TestCase("")]
    [TestCase("{}")]
    public void Parse_NotAManifestObject_Refused(string json) => AssertSameAsSerializer(json);

    [Test]
    public void Parse_TrailingContent_Refused() => AssertSameAsSerializer(Sample + " {}");

    [Test]
    public void Parse_TrailingComma_Refused() => AssertSameAsSerializer(Sample.TrimEnd()[..^1].TrimEnd() + ",}");

    [Test]
    public void Parse_InvalidUtf8InAName_Refused()
    {
        var bytes = Encoding.UTF8.GetBytes(Sample);
        var at = Sample.IndexOf("\"app\"", StringComparison.Ordinal) + 1;
        bytes[at] = 0xff;
        Assert.Throws<JsonException>(() => ManifestReader.Parse(bytes));
    }

    [Test]
    public async Task ParseAsync_ReadOneByteAtATime_SameManifest()
    {
        var bytes = Encoding.UTF8.GetBytes(Sample);
        await using var trickle = new TrickleStream(bytes, 1);

        var parsed = await ManifestReader.ParseAsync(trickle, CancellationToken.None);

        Assert.That(ManifestReader.Serialize(parsed), Is.EqualTo(ManifestReader.Serialize(ManifestReader.Parse(bytes))));
        Assert.That(Encoding.UTF8.GetString(ManifestReader.Serialize(parsed)), Is.EqualTo(Sample));
    }

    private static IEnumerable<TestCaseData> PropertyEdits()
    {
        var root = JsonNode.Parse(Sample)!;
        foreach (var (path, _) in Properties(root, ""))
        {
            foreach (var edit in new[] { "remove", "null", "string", "number", "true", "object", "array", "array-of-null" })
            {
                yield return new TestCaseData(path, edit).SetName($"Parse_{path}_{edit}_SameAsSerializer");
            }
        }
    }

    // Every property in the document, by its path (a/b/0/c); the lists' first elements stand for all.
    private static IEnumerable<(string Path, JsonNode? Value)> Properties(JsonNode node, string prefix)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj)
            {
                var path = prefix.Length == 0 ? name : $"{prefix}/{name}";
                yield return (path, value);
                if (value is not null)
                {
                    foreach (var inner in Properties(value, path))
                    {
                        yield return inner;
                    }
                }
            }
        }
        else if (node is JsonArray { Count: > 0 } array && array[0] is JsonObject first)
        {
            foreach (var inner in Properties(first, $"{prefix}/0"))
            {
                yield return inner;
            }
        }
    }

    private static string Edited(string path, string edit)
    {
        var root = JsonNode.Parse(Sample)!;
        var parts = path.Split('/');
        var parent = parts[..^1].Aggregate(root, (node, part) => int.TryParse(part, out var i) ? node[i]! : node[part]!).AsObject();
        var name = parts[^1];
        if (edit == "remove")
        {
            parent.Remove(name);
        }
        else
        {
            parent[name] = edit switch
            {
                "null" => null,
                "string" => "text",
                "number" => 12,
                "true" => true,
                "object" => new JsonObject(),
                "array" => new JsonArray(),
                _ => new JsonArray((JsonNode?)null),
            };
        }

        return root.ToJsonString();
    }

    private static void AssertSameAsSerializer(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var expected = Serializer(bytes);
        BatchManifest? actual;
        string? why = null;
        try
        {
            actual = ManifestReader.Parse(bytes);
        }
        catch (JsonException ex)
        {
            actual = null;
            why = ex.Message;
        }

        Assert.That(actual is null, Is.EqualTo(expected is null), $"serializer {(expected is null ? "refused" : "read")} it; hand reader: {why ?? "read"}");
        if (actual is not null)
        {
            Assert.That(Encoding.UTF8.GetString(ManifestReader.Serialize(actual)), Is.EqualTo(Encoding.UTF8.GetString(ManifestReader.Serialize(expected!))));
            // The records too, so that what each holds as a hash or as text is the same (their chunk lists compare by reference).
            Assert.That(actual.Files, Is.EqualTo(expected!.Files));
            Assert.That(actual.Blobs.Select(b => b with { Chunks = null }), Is.EqualTo(expected.Blobs.Select(b => b with { Chunks = null })));
        }
    }

    // What the serializer read, or null where it (or the null-element check that followed it) refused the document.
    private static BatchManifest? Serializer(byte[] json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize(json, BatchJsonContext.Default.BatchManifest);
            if (manifest is null)
            {
                return null;
            }

            var hasNull = manifest.Volumes.Contains(null) || manifest.Artifacts.Contains(null) || manifest.Blobs.Contains(null)
                || manifest.Files.Contains(null)
                || manifest.Artifacts.Any(a => a is not null && (a.Blobs.Contains(null) || (a.Attachments?.Contains(null) ?? false)))
                || manifest.Blobs.Any(b => b is not null && (b.Chunks?.Contains(null) ?? false));
            return hasNull ? null : manifest;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string SampleJson()
    {
        var digest = "sha256:" + new string('a', 64);
        var chunked = "sha256:" + new string('b', 64);
        var manifest = new BatchManifest
        {
            FormatVersion = 1,
            BatchId = "site-000007",
            SiteId = "site",
            Sequence = 7,
            CreatedUtc = DateTimeOffset.Parse("2026-12-04T08:00:00+00:00", System.Globalization.CultureInfo.InvariantCulture),
            ExpiresUtc = DateTimeOffset.Parse("2026-12-11T08:00:00+00:00", System.Globalization.CultureInfo.InvariantCulture),
            KeyId = "ABCDEF",
            ChunkSize = 1024,
            Volumes = [new ManifestVolume { Number = 1, Name = "site-000007-v001", Sha256Sums = new string('c', 64), FileCount = 3, Bytes = 2100 }],
            Artifacts =
            [
                new ManifestArtifact
                {
                    Kind = "image", Source = "registry.example.org", Digest = digest, MediaType = "application/vnd.oci.image.manifest.v1+json",
                    Name = "app", Version = "1.0", Requester = "alice", RequestId = "r1", Justification = "needed", Ticket = "T-1",
                    LayoutTag = "app-1.0", Blobs = [digest, chunked],
                    Attachments = [new ManifestAttachment { Kind = "signature", Tag = "sha256-x.sig", Digest = digest, MediaType = "application/json" }],
                },
            ],
            Blobs =
            [
                new ManifestBlob { Digest = digest, Size = 100, Shipped = true, Volume = 1, Path = BatchFileNames.BlobPath(digest) },
                new ManifestBlob
                {
                    Digest = chunked, Size = 2000, Shipped = true,
                    Chunks = [new ManifestChunk { Index = 0, Volume = 1, Path = BatchFileNames.ChunkPath(chunked, 0), Size = 2000,
                        Sha256 = Sha256Value.Parse(new string('d', 64)) }],
                },
            ],
            Files =
            [
                new ManifestFile { Volume = 1, Path = "oci-layout", Size = 30, Sha256 = Sha256Value.Parse(new string('e', 64)) },
                new ManifestFile { Volume = 1, Path = BatchFileNames.BlobPath(digest), Size = 100, Sha256 = Sha256Value.Parse(new string('a', 64)) },
            ],
        };
        return Encoding.UTF8.GetString(ManifestReader.Serialize(manifest));
    }
}
