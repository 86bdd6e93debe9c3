using System.Text;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Tests.Oci;

public sealed class OciManifestParsingTests
{
    private const string D1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string D2 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";

    private const string ValidManifest = $$$"""
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
         "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{D1}}}","size":7},
         "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{D2}}}","size":32,"annotations":{"a":"b"}}],
         "unknownExtension":{"ignored":true}}
        """;

    private const string ValidIndex = $$$"""
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
         {"mediaType":"{{{ManifestType}}}","digest":"{{{D1}}}","size":100,"platform":{"architecture":"amd64","os":"linux"}},
         {"mediaType":"{{{ManifestType}}}","digest":"{{{D2}}}","size":200,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]}
        """;

    [Test]
    public void ImageManifest_Parse_Valid_ReturnsConfigAndLayers()
    {
        var manifest = ImageManifest.Parse(Encoding.UTF8.GetBytes(ValidManifest));

        Assert.That(manifest.Config.Digest.Value, Is.EqualTo(D1));
        Assert.That(manifest.Config.Size, Is.EqualTo(7));
        Assert.That(manifest.Layers, Has.Count.EqualTo(1));
        Assert.That(manifest.Layers[0].Annotations!["a"], Is.EqualTo("b"));
        Assert.That(manifest.Blobs().Select(b => b.Digest.Value), Is.EqualTo(new[] { D1, D2 }));
    }

    [Test]
    public void ImageIndex_Parse_Valid_ReturnsPlatforms()
    {
        var index = ImageIndex.Parse(Encoding.UTF8.GetBytes(ValidIndex));

        Assert.That(index.Manifests.Select(m => m.Platform!.ToString()), Is.EqualTo(new[] { "linux/amd64", "linux/arm64/v8" }));
        Assert.That(index.FindPlatform("linux", "arm64")!.Digest.Value, Is.EqualTo(D2));
        Assert.That(index.FindPlatform("windows", "amd64"), Is.Null);
    }

    [TestCase("\"size\":32", "\"size\":-1", "negative size")]
    [TestCase(D2, "sha256:abc", "64 hex")]
    [TestCase(D2, "md5:d41d8cd98f00b204e9800998ecf8427e", "only sha256")]
    [TestCase("\"digest\":\"" + D2 + "\"", "\"digest\":42", "JSON string")]
    [TestCase("\"size\":32", "\"size\":\"32\"", "not valid")]
    [TestCase("\"size\":32", "\"size\":3.5", "not valid")]
    [TestCase("\"schemaVersion\":2", "\"schemaVersion\":1", "schemaVersion 1")]
    [TestCase("\"application/vnd.oci.image.layer.v1.tar+gzip\"", "\"not a media type\"", "invalid mediaType")]
    [TestCase("\"application/vnd.oci.image.layer.v1.tar+gzip\"", "null", "not valid")]
    [TestCase("\"size\":32", "\"size\":32,\"size\":1", "not valid")]
    [TestCase("\"digest\":\"" + D2 + "\"", "\"digest\":\"" + D2 + "\",\"digest\":\"" + D1 + "\"", "not valid")]
    [TestCase("[{\"mediaType\"", "[null,{\"mediaType\"", "null")]
    // Go's encoding/json takes a key in other letter case for the field, the last one winning: a registry or a runtime would
    // read another layer, or a subject, than the one checked here.
    [TestCase("\"digest\":\"" + D2 + "\"", "\"digest\":\"" + D2 + "\",\"Digest\":\"" + D1 + "\"", "'Digest'")]
    [TestCase("\"unknownExtension\"", "\"Subject\":{\"mediaType\":\"" + ManifestType + "\",\"digest\":\"" + D1 + "\",\"size\":1},\"x\"",
        "'Subject'")]
    [TestCase("\"layers\":", "\"LAYERS\":[],\"layers\":", "'LAYERS'")]
    [TestCase("{\"ignored\":true}", "{\"SIZE\":1}", "'SIZE'")]
    // Go folds U+017F LATIN SMALL LETTER LONG S to s: "ſubject" is its subject, and .NET ignoring case does not see it.
    [TestCase("\"unknownExtension\"", "\"\u017Fubject\":{\"mediaType\":\"" + ManifestType + "\",\"digest\":\"" + D1 + "\",\"size\":1},\"x\"",
        "outside ASCII")]
    [TestCase("\"digest\":\"" + D2 + "\"", "\"digest\":\"" + D2 + "\",\"dige\u017Ft\":\"" + D1 + "\"", "outside ASCII")]
    public void ImageManifest_Parse_HostileField_ThrowsOciFormatException(string original, string replacement, string expected)
    {
        var json = ValidManifest.Replace(original, replacement, StringComparison.Ordinal);
        Assert.That(json, Is.Not.EqualTo(ValidManifest), "test case must change the document");

        Assert.That(() => ImageManifest.Parse(Encoding.UTF8.GetBytes(json)), Throws.TypeOf<OciFormatException>().With.Message.Contains(expected));
    }

    [Test]
    public void ImageManifest_Parse_KeyThatIsALoneSurrogate_ThrowsOciFormatException()
    {
        var json = ValidManifest.Replace("\"unknownExtension\"", "\"\\ud800\"", StringComparison.Ordinal);

        Assert.That(() => ImageManifest.Parse(Encoding.UTF8.GetBytes(json)), Throws.TypeOf<OciFormatException>());
    }

    [Test]
    public void ImageManifest_Parse_AnnotationKeysInAnyCase_Accepted()
    {
        var json = ValidManifest.Replace("{\"a\":\"b\"}", "{\"Digest\":\"b\",\"SUBJECT\":\"c\"}", StringComparison.Ordinal);

        var manifest = ImageManifest.Parse(Encoding.UTF8.GetBytes(json));

        Assert.That(manifest.Layers[0].Annotations!["SUBJECT"], Is.EqualTo("c"));
    }

    [TestCase("{}")]
    [TestCase("null")]
    [TestCase("[]")]
    [TestCase("{\"schemaVersion\":2,\"layers\":[]}")]
    [TestCase("{\"schemaVersion\":2,\"config\":null,\"layers\":[]}")]
    [TestCase("not json")]
    public void ImageManifest_Parse_Malformed_ThrowsOciFormatException(string json) =>
        Assert.That(() => ImageManifest.Parse(Encoding.UTF8.GetBytes(json)), Throws.TypeOf<OciFormatException>());

    [Test]
    public void ImageManifest_Parse_DeeplyNested_ThrowsOciFormatException()
    {
        var json = ValidManifest.Replace("{\"ignored\":true}", new string('[', 100) + new string(']', 100), StringComparison.Ordinal);

        Assert.That(() => ImageManifest.Parse(Encoding.UTF8.GetBytes(json)), Throws.TypeOf<OciFormatException>());
    }

    [Test]
    public void ImageIndex_Parse_NegativeSize_ThrowsOciFormatException()
    {
        var json = ValidIndex.Replace("\"size\":200", "\"size\":-200", StringComparison.Ordinal);

        Assert.That(() => ImageIndex.Parse(Encoding.UTF8.GetBytes(json)), Throws.TypeOf<OciFormatException>().With.Message.Contains("manifests[1]"));
    }

    [Test]
    public void ManifestResult_ParseManifest_BodyClaimsOtherMediaType_Throws()
    {
        var bytes = Encoding.UTF8.GetBytes(ValidManifest);
        var result = new ManifestResult("reg.io", "app", "1", OciMediaTypes.DockerManifest, Digest.Compute(bytes), bytes);

        Assert.That(() => result.ParseManifest(), Throws.TypeOf<OciFormatException>().With.Message.Contains("mediaType field"));
    }

    [Test]
    public void ManifestResult_ParseIndex_OnImageManifest_Throws()
    {
        var bytes = Encoding.UTF8.GetBytes(ValidManifest);
        var result = new ManifestResult("reg.io", "app", "1", OciMediaTypes.ImageManifest, Digest.Compute(bytes), bytes);

        Assert.That(() => result.ParseIndex(), Throws.TypeOf<OciFormatException>().With.Message.Contains("not an index"));
    }
}
