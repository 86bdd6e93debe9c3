using System.Text;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.Shared.Tests.Oci.Cosign;

public sealed class SimpleSigningPayloadTests
{
    private const string Image = "sha256:20be6ff2b2f3b1c04a2ab0d4e8e3b4fb8bc8ea4ac9b6bbd8a25b8e2bd1f2fe55";

    [Test]
    public void Parse_PayloadAsCosignWritesIt_ReadsReferenceAndDigest()
    {
        // The shape of `cosign generate`, with optional annotations as `cosign sign -a` adds them.
        var json = $$$"""
            {"critical":{"identity":{"docker-reference":"registry.example.org/team/app"},
             "image":{"docker-manifest-digest":"{{{Image}}}"},"type":"cosign container image signature"},
             "optional":{"creator":"ci","timestamp":1458239713}}
            """;

        var payload = SimpleSigningPayload.Parse(Encoding.UTF8.GetBytes(json));

        Assert.That(payload.DockerReference, Is.EqualTo("registry.example.org/team/app"));
        Assert.That(payload.ImageDigest, Is.EqualTo(Digest.Parse(Image)));
    }

    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"D"},"type":"T"}}""", null)]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"D"},"type":"T"},"optional":null}""", null)]
    [TestCase("""[]""", "is not a JSON object")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"D"},"type":"T"}} x""", "not valid JSON")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"D"},"type":"T"},}""", "not valid JSON")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"D"},"type":"T"},"critical":{}}""",
        "not valid JSON")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"D"},"type":"T"},"extra":1}""",
        "unexpected field 'extra'")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"Docker-manifest-digest":"D"},"type":"T"}}""",
        "unexpected field 'Docker-manifest-digest'")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{},"type":"T"}}""", "has no 'docker-manifest-digest'")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"sha512:ab"},"type":"T"}}""",
        "only sha256 is accepted")]
    [TestCase("""{"critical":{"identity":{"docker-reference":7},"image":{"docker-manifest-digest":"D"},"type":"T"}}""", "is not a string")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"D"},"type":"T "}}""",
        "not 'cosign container image signature'")]
    [TestCase("""{"critical":{"image":{"docker-manifest-digest":"D"},"type":"T"}}""", "has no 'identity'")]
    [TestCase("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"D"},"type":"T"},"optional":[]}""",
        "neither an object nor null")]
    [TestCase("""{"optional":{}}""", "has no 'critical'")]
    public void Parse_Table_AcceptsOnlyTheStrictShape(string template, string? expectedError)
    {
        var json = Encoding.UTF8.GetBytes(template.Replace("\"D\"", $"\"{Image}\"", StringComparison.Ordinal)
            .Replace("\"T", "\"" + CosignNames.PayloadType, StringComparison.Ordinal));

        if (expectedError is null)
        {
            Assert.That(SimpleSigningPayload.Parse(json).ImageDigest.Value, Is.EqualTo(Image));
        }
        else
        {
            var error = Assert.Throws<OciFormatException>(() => SimpleSigningPayload.Parse(json))!;
            Assert.That(error.Message, Does.Contain(expectedError));
        }
    }
}
