using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>An RFC 5424 syslog message as a receiver splits it: the header's fields and MSG, parsed as JSON.</summary>
public sealed partial record SyslogDatagram(
    int Priority,
    int Version,
    DateTimeOffset Timestamp,
    string HostName,
    string AppName,
    string ProcId,
    string MsgId,
    string StructuredData,
    JsonElement Message,
    byte[] Bytes)
{
    public static SyslogDatagram Parse(byte[] datagram)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        var match = Rfc5424().Match(Encoding.UTF8.GetString(datagram));
        Assert.That(match.Success, Is.True, $"not an RFC 5424 message: {Encoding.UTF8.GetString(datagram)}");
        using var message = JsonDocument.Parse(match.Groups["msg"].Value);
        return new SyslogDatagram(
            int.Parse(match.Groups["pri"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(match.Groups["timestamp"].Value, CultureInfo.InvariantCulture),
            match.Groups["host"].Value,
            match.Groups["app"].Value,
            match.Groups["procid"].Value,
            match.Groups["msgid"].Value,
            match.Groups["sd"].Value,
            message.RootElement.Clone(),
            datagram);
    }

    /// <summary>
    /// Asserts that this is the audit message for <paramref name="entry"/> from <paramref name="appName"/>:
    /// authpriv.notice, MSGID audit, the entry's fields as JSON, ASCII only, at most 1024 bytes.
    /// </summary>
    public void AssertDescribes(AuditEntry entry, string appName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((Priority, Version, AppName, MsgId, StructuredData), Is.EqualTo((85, 1, appName, "audit", "-")));
            Assert.That(ProcId, Is.EqualTo(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
            Assert.That(HostName, Is.Not.Empty);
            Assert.That(Timestamp, Is.EqualTo(entry.Timestamp).Within(TimeSpan.FromTicks(10)), "RFC 5424 stops at microseconds");
            Assert.That(Message.GetProperty("sequence").GetInt64(), Is.EqualTo(entry.Sequence));
            Assert.That(Message.GetProperty("timestamp").GetString(), Is.EqualTo(entry.HashedTimestamp), "as the hash covers it");
            Assert.That(Message.GetProperty("actor").GetString(), Is.EqualTo(entry.Actor));
            Assert.That(Message.GetProperty("action").GetString(), Is.EqualTo(entry.Action));
            Assert.That(Message.GetProperty("subject").GetString(), Is.EqualTo(entry.Subject));
            Assert.That(Message.GetProperty("detailsJson").GetString(), Is.EqualTo(entry.DetailsJson));
            Assert.That(Message.GetProperty("previousHash").GetString(), Is.EqualTo(entry.PreviousHash));
            Assert.That(Message.GetProperty("hash").GetString(), Is.EqualTo(entry.Hash));
            Assert.That(DocumentedAuditHash.Of(Message), Is.EqualTo(entry.Hash), "a log host hashes the message again as documented");
            Assert.That(Bytes, Has.All.LessThan((byte)0x80), "ASCII only");
            Assert.That(Bytes, Has.Length.LessThanOrEqualTo(1024));
        }
    }

    [GeneratedRegex(
        @"^<(?<pri>\d{1,3})>(?<version>\d) (?<timestamp>\S+) (?<host>\S+) (?<app>\S+) (?<procid>\S+) (?<msgid>\S+) (?<sd>-|\[.*?\]) (?<msg>.*)$",
        RegexOptions.Singleline)]
    private static partial Regex Rfc5424();
}
