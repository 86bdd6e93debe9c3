using System.Text;
using System.Text.Json;
using TransferPipeline.Shared.Receipts;

namespace TransferPipeline.Shared.Tests.Receipts;

[TestFixture]
internal sealed class ReceiptFormatTests
{
    private static readonly Receipt Sample = new()
    {
        FormatVersion = Receipt.CurrentFormatVersion,
        SiteId = "high-a",
        CreatedUtc = new DateTimeOffset(2026, 12, 1, 8, 30, 5, TimeSpan.Zero),
        ImportedSequences = [new ReceiptSequence("site-a", 1), new ReceiptSequence("site-a", 2)],
        Blobs = ["sha256:" + new string('b', 64)],
        AuditHead = new ReceiptAuditHead(57, new string('c', 64)),
    };

    [Test]
    public void Serialize_Deserialize_RoundTrips()
    {
        var bytes = ReceiptFormat.Serialize(Sample);
        var read = ReceiptFormat.Deserialize(bytes)!;

        Assert.That(read with { ImportedSequences = Sample.ImportedSequences, Blobs = Sample.Blobs }, Is.EqualTo(Sample));
        Assert.That(read.ImportedSequences, Is.EqualTo(Sample.ImportedSequences));
        Assert.That(read.Blobs, Is.EqualTo(Sample.Blobs));
    }

    [Test]
    public void Serialize_WritesCamelCaseAndUtcSeconds()
    {
        var json = Encoding.UTF8.GetString(ReceiptFormat.Serialize(Sample));

        Assert.That(json, Does.StartWith("{\"formatVersion\":2,\"siteId\":\"high-a\",\"createdUtc\":\"2026-12-01T08:30:05Z\","));
        Assert.That(json, Does.Contain("\"importedSequences\":[{\"siteId\":\"site-a\",\"sequence\":1}"));
        Assert.That(json, Does.Contain("\"auditHead\":{\"sequence\":57,\"hash\":\"" + new string('c', 64) + "\"}"));
    }

    [TestCase("{\"formatVersion\":1,\"siteId\":\"h\",\"createdUtc\":\"2026-12-01T08:30:05Z\",\"importedSequences\":[],\"blobs\":[],\"extra\":1}",
        TestName = "Deserialize_UnknownMember_Throws")]
    [TestCase("{\"formatVersion\":1,\"siteId\":\"h\",\"siteId\":\"g\",\"createdUtc\":\"2026-12-01T08:30:05Z\",\"importedSequences\":[],\"blobs\":[]}",
        TestName = "Deserialize_RepeatedMember_Throws")]
    [TestCase("{\"formatVersion\":1,\"siteId\":\"h\",\"createdUtc\":\"2026-12-01T08:30:05+01:00\",\"importedSequences\":[],\"blobs\":[]}",
        TestName = "Deserialize_TimeWithOffset_Throws")]
    public void Deserialize_NotAReceiptAsWritten_Throws(string json) =>
        Assert.Throws<JsonException>(() => ReceiptFormat.Deserialize(Encoding.UTF8.GetBytes(json)));

    [Test]
    public void TrustedComment_ParsesBackToItsSiteAndTime()
    {
        var comment = ReceiptFormat.TrustedComment(Sample);

        Assert.That(comment, Is.EqualTo("transferpipeline-receipt site:high-a created:2026-12-01T08:30:05Z"));
        Assert.That(ReceiptFormat.TryParseTrustedComment(comment, out var site, out var created), Is.True);
        Assert.That((site, created), Is.EqualTo(("high-a", Sample.CreatedUtc)));
    }

    [TestCase("transferpipeline-receipt site:high-a created:2026-12-01T08:30:05+00:00")]
    [TestCase("transferpipeline-batch batch:site-a-000001 site:site-a sequence:1")]
    [TestCase("transferpipeline-receipt site:high-a created:2026-12-01T08:30:05Z extra")]
    public void TryParseTrustedComment_OtherText_False(string comment) =>
        Assert.That(ReceiptFormat.TryParseTrustedComment(comment, out _, out _), Is.False);
}
