using System.Text;
using System.Text.Json;
using TransferPipeline.Hosting.Audit.Syslog;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>What a log host receives for one audit entry: its header, the entry as ASCII JSON, and no more than the limit.</summary>
[TestFixture]
internal sealed class SyslogMessageTests
{
    private static readonly AuditEntry Entry = Hashed(new(
        42,
        new DateTimeOffset(2025, 6, 1, 12, 30, 5, 123, TimeSpan.Zero).AddTicks(4567),
        "officer.ørsted",
        "approval.recorded",
        "site-a-000042",
        """{"digest":"sha256:ab","note":"<ok> 😀 \"q\""}""",
        new string('d', 64),
        ""));

    [Test]
    public void Format_Udp_IsRfc5424AuthprivNoticeWithTheEntryAsJson()
    {
        var target = new UdpSyslogTarget("127.0.0.1", 514);

        var bytes = SyslogMessage.Format(target.Header(Entry, "highside"), Entry, target.MaxMessageBytes);

        var message = SyslogDatagram.Parse(bytes);
        message.AssertDescribes(Entry, "highside");
        Assert.That(Encoding.ASCII.GetString(bytes), Does.StartWith("<85>1 2025-06-01T12:30:05.123456Z "));
        Assert.That(Encoding.ASCII.GetString(bytes), Does.Contain("\"actor\":\"officer.\\u00F8rsted\""));
    }

    [Test]
    public void Format_AnEntryOfUnicodeQuotesAndMarkup_HashesAgainFromTheMessageAloneAsDocumented()
    {
        var target = new UdpSyslogTarget("127.0.0.1", 514);

        var message = SyslogDatagram.Parse(SyslogMessage.Format(target.Header(Entry, "highside"), Entry, target.MaxMessageBytes));

        Assert.That(DocumentedAuditHash.Of(message.Message), Is.EqualTo(Entry.Hash));
        Assert.That(message.Message.GetProperty("previousHash").GetString(), Is.EqualTo(Entry.PreviousHash), "and names the one before");
    }

    [Test]
    public void Format_Local_IsTheFormLocalDaemonsParse()
    {
        var target = new LocalSyslogTarget("/dev/log");

        var text = Encoding.ASCII.GetString(SyslogMessage.Format(target.Header(Entry, "lowside"), Entry, target.MaxMessageBytes));

        Assert.That(text, Does.Match($@"^<85>[A-Z][a-z]{{2}} [ 1-3]\d \d\d:\d\d:\d\d lowside\[{Environment.ProcessId}\]: \{{""sequence"":42,"));
    }

    [Test]
    public void Format_DetailsOverTheLimit_DropsThemAndSaysSo()
    {
        var entry = Entry with { DetailsJson = JsonSerializer.Serialize(new { text = new string('x', 4000) }) };
        var target = new UdpSyslogTarget("127.0.0.1", 514);

        var message = SyslogDatagram.Parse(SyslogMessage.Format(target.Header(entry, "highside"), entry, target.MaxMessageBytes));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.Bytes, Has.Length.LessThanOrEqualTo(1024));
            Assert.That(message.Message.TryGetProperty("detailsJson", out _), Is.False);
            Assert.That(message.Message.GetProperty("truncated").GetBoolean(), Is.True);
            Assert.That(message.Message.GetProperty("actor").GetString(), Is.EqualTo(entry.Actor), "short fields stay whole");
            Assert.That(message.Message.GetProperty("hash").GetString(), Is.EqualTo(entry.Hash));
        }
    }

    [TestCase('x')]
    [TestCase('ø')]
    [TestCase('\u4e2d')]
    public void Format_EveryFieldHuge_StillFitsAndKeepsSequenceAndHash(char filler)
    {
        var huge = new string(filler, 2000);
        var entry = Entry with { Actor = huge, Action = huge, Subject = "😀" + huge, DetailsJson = JsonSerializer.Serialize(new { huge }) };
        var target = new UdpSyslogTarget("127.0.0.1", 514);

        var message = SyslogDatagram.Parse(SyslogMessage.Format(target.Header(entry, "highside"), entry, target.MaxMessageBytes));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.Bytes, Has.Length.LessThanOrEqualTo(1024));
            Assert.That(message.Message.GetProperty("sequence").GetInt64(), Is.EqualTo(42));
            Assert.That(message.Message.GetProperty("hash").GetString(), Is.EqualTo(entry.Hash));
            Assert.That(message.Message.GetProperty("subject").GetString(), Does.StartWith("😀").And.EndWith("…"));
        }
    }

    [Test]
    public void Format_SurrogatePairAtTheCut_IsNotSplit()
    {
        var entry = Entry with { Subject = new string('a', 255) + "😀" + new string('b', 3000), DetailsJson = "{}" };

        var bytes = SyslogMessage.Format("<85>1 - - - - audit - ", entry, 1024);

        var text = Encoding.ASCII.GetString(bytes);
        var subject = JsonDocument.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("subject").GetString();
        Assert.That(subject, Is.EqualTo(new string('a', 255) + "…"));
    }

    private static AuditEntry Hashed(AuditEntry entry) => entry with
    {
        Hash = AuditHasher.ComputeEntryHash(
            entry.Sequence, entry.HashedTimestamp, entry.Actor, entry.Action, entry.Subject, entry.DetailsJson, entry.PreviousHash),
    };
}
