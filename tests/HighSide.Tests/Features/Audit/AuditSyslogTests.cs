using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Audit;

/// <summary>Audit:Syslog on the high side: one RFC 5424 message per audited event, each naming the entry's hash (an anchor).</summary>
public sealed class AuditSyslogTests
{
    [Test]
    public async Task Syslog_Udp_ReceivesOneMessagePerAuditedEvent()
    {
        using var receiver = new SyslogReceiver();
        using var scenario = new BatchScenario();
        await using var highSide = await HighSideHarness.CreateAsync(scenario.Clock,
            configure: json => json["Audit"] = new JsonObject { ["Syslog"] = receiver.Target });

        await highSide.TrustAsync(scenario.Key.PublicKey, "site-a");
        await highSide.AddOfficerAsync("carol");
        await highSide.AddOfficerAsync("dave");

        var messages = await receiver.ReceiveAsync(5);
        var log = highSide.Get<AuditLog>();
        var entries = new List<AuditEntry>();
        await foreach (var entry in log.ReadAsync(1, CancellationToken.None))
        {
            entries.Add(entry);
        }

        Assert.That(entries.Select(e => e.Action),
            Is.EqualTo(new[] { "trust.key-added", "roster.proposed", "roster.signed", "roster.signed", "roster.changed" }));
        for (var i = 0; i < entries.Count; i++)
        {
            messages[i].AssertDescribes(entries[i], "highside");
        }

        var anchor = new AuditAnchor(
            messages[^1].Message.GetProperty("sequence").GetInt64(), messages[^1].Message.GetProperty("hash").GetString()!, "syslog");
        Assert.That((await log.CheckAnchorsAsync([anchor], CancellationToken.None)).IsValid, Is.True, "the log host keeps an anchor");
        Assert.That(await receiver.ReceivesMoreWithinAsync(TimeSpan.FromMilliseconds(300)), Is.False, "one message per event");
    }
}
