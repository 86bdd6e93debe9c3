using System.Text.Json.Nodes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Audit;

/// <summary>Audit:Syslog on the low side: one RFC 5424 message per audited event, and a log host that is down changes nothing.</summary>
public sealed class AuditSyslogTests
{
    [Test]
    public async Task Syslog_Udp_ReceivesOneMessagePerAuditedEvent()
    {
        using var receiver = new SyslogReceiver();
        await using var site = await TestSite.CreateAsync("127.0.0.1:5000");
        site.Configure(json => json["Audit"] = new JsonObject { ["Syslog"] = receiver.Target });
        var service = await site.GetAsync<RequestService>();

        var accepted = await service.SubmitAsync(TestRequests.Image("127.0.0.1:5000/library/app:1.0"), TestCallers.Alice, CancellationToken.None);
        await service.SubmitAsync(TestRequests.Image("127.0.0.1:6000/library/app:1.0"), TestCallers.Alice, CancellationToken.None);
        await service.CancelAsync(accepted.Value!.Id, TestCallers.Operator, CancellationToken.None);

        var messages = await receiver.ReceiveAsync(3);
        var entries = await ReadAfterInitAsync(await site.GetAsync<AuditLog>());
        Assert.That(entries.Select(e => e.Action), Is.EqualTo(new[] { "request.submitted", "request.refused", "request.cancelled" }));
        for (var i = 0; i < entries.Count; i++)
        {
            messages[i].AssertDescribes(entries[i], "lowside");
        }

        Assert.That(await receiver.ReceivesMoreWithinAsync(TimeSpan.FromMilliseconds(300)), Is.False, "one message per event");
    }

    [Test]
    public async Task Syslog_ReceiverDown_OperationSucceedsAndIsAudited()
    {
        await using var site = await TestSite.CreateAsync("127.0.0.1:5000");
        site.Configure(json => json["Audit"] = new JsonObject { ["Syslog"] = SyslogReceiver.DownTarget() });
        var service = await site.GetAsync<RequestService>();

        var first = await service.SubmitAsync(TestRequests.Image("127.0.0.1:5000/library/app:1.0"), TestCallers.Alice, CancellationToken.None);
        var second = await service.SubmitAsync(TestRequests.Image("127.0.0.1:5000/library/app:2.0"), TestCallers.Alice, CancellationToken.None);

        var log = await site.GetAsync<AuditLog>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((first.IsOk, second.IsOk), Is.EqualTo((true, true)));
            Assert.That((await ReadAfterInitAsync(log)).Select(e => e.Action), Is.EqualTo(new[] { "request.submitted", "request.submitted" }));
            Assert.That((await log.VerifyAsync(CancellationToken.None)).IsValid, Is.True);
        }
    }

    private static async Task<List<AuditEntry>> ReadAfterInitAsync(AuditLog log)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in log.ReadAsync(1, CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
