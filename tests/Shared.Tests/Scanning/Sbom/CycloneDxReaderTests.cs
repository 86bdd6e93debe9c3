using System.Text;
using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.Sbom;

namespace TransferPipeline.Shared.Tests.Scanning.Sbom;

/// <summary>The reader on SBOMs that crossed the gap: other tools' output, and hostile documents.</summary>
public sealed class CycloneDxReaderTests
{
    [Test]
    public async Task ReadAsync_OtherToolsSbom_ReadsKnownTypesAndSkipsTheRest()
    {
        const string Sbom = """
            {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"x":[1,{"y":null}]},
             "components":[
               {"type":"library","name":"libssl3","version":"3.0.11-1~deb12u2",
                "purl":"pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12"},
               {"type":"library","name":"x","purl":"pkg:golang/example.invalid/x@v1.0.0"},
               {"type":"library","name":"noversion","purl":"pkg:npm/noversion"},
               {"type":"application","name":"app","components":[
                  {"type":"library","purl":"pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64"}]}]}
            """;

        var contents = await ReadAsync(Sbom);

        Assert.That(contents.Packages, Is.EqualTo(new[]
        {
            new PackageCoordinate("Alpine", "musl", "1.2.4-r2", "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64", "musl"),
            new PackageCoordinate("Debian", "libssl3", "3.0.11-1~deb12u2",
                "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl", "openssl", null, "debian-12"),
        }));
        Assert.That(contents.SkippedComponents, Is.EqualTo(3));
    }

    [TestCase("", SbomError.MalformedDocument)]
    [TestCase("[]", SbomError.MalformedDocument)]
    [TestCase("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"", SbomError.MalformedDocument)]
    [TestCase("{\"bomFormat\":\"SPDX\",\"specVersion\":\"1.5\"}", SbomError.MalformedDocument)]
    [TestCase("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"9.9\"}", SbomError.MalformedDocument)]
    [TestCase("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":{}}", SbomError.MalformedDocument)]
    [TestCase("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"purl\":7}]}", SbomError.MalformedDocument)]
    [TestCase("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[\"x\"]}", SbomError.MalformedDocument)]
    [TestCase("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"} {}", SbomError.MalformedDocument)]
    [TestCase("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"purl\":\"npm/x@1\"}]}", SbomError.InvalidPackageUrl)]
    [TestCase("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"purl\":\"pkg:npm/x%@1\"}]}",
        SbomError.InvalidPackageUrl)]
    public void ReadAsync_MalformedDocument_RefusesWithReason(string document, SbomError reason)
    {
        var error = Assert.ThrowsAsync<SbomException>(() => ReadAsync(document));

        Assert.That(error.Reason, Is.EqualTo(reason));
    }

    [Test]
    public void ReadAsync_DeeplyNested_RefusedAsMalformed()
    {
        var document = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"x\":" + new string('[', 1000) + new string(']', 1000) + "}";

        var error = Assert.ThrowsAsync<SbomException>(() => ReadAsync(document));

        Assert.That(error.Reason, Is.EqualTo(SbomError.MalformedDocument));
    }

    [Test]
    public void ReadAsync_LargerThanTheCap_RefusedBeforeParsing()
    {
        var document = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"pad\":\"" + new string('a', 2048) + "\"}";

        var error = Assert.ThrowsAsync<SbomException>(() => ReadAsync(document, new CycloneDxReaderLimits(MaxBytes: 1024)));

        Assert.That(error.Reason, Is.EqualTo(SbomError.DocumentTooLarge));
    }

    [Test]
    public void ReadAsync_MoreComponentsThanTheCap_Refuses()
    {
        var components = string.Join(',', Enumerable.Range(0, 11).Select(i => $"{{\"purl\":\"pkg:npm/p{i}@1.0.0\"}}"));
        var document = $"{{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{components}]}}";

        Assert.That(async () => await ReadAsync(document, new CycloneDxReaderLimits(MaxComponents: 11)), Throws.Nothing);
        var error = Assert.ThrowsAsync<SbomException>(() => ReadAsync(document, new CycloneDxReaderLimits(MaxComponents: 10)));
        Assert.That(error.Reason, Is.EqualTo(SbomError.TooManyComponents));
    }

    [Test]
    public void ReadAsync_StringLongerThanTheCap_Refuses()
    {
        var document = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"purl\":\"pkg:npm/"
            + new string('a', 300) + "@1\"}]}";

        var error = Assert.ThrowsAsync<SbomException>(() => ReadAsync(document, new CycloneDxReaderLimits(MaxStringLength: 256)));

        Assert.That(error.Reason, Is.EqualTo(SbomError.StringTooLong));
    }

    private static async Task<CycloneDxContents> ReadAsync(string document, CycloneDxReaderLimits? limits = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(document));
        return await CycloneDxReader.ReadAsync(stream, limits);
    }
}
