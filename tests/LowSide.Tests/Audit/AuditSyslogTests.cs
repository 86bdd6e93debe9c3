using System.Globalization;
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

    [Test]
    public async Task AuditTail_OperatorCutsItAndTheTrailGrowsPastWhereItWas_ShownByTheLogHostsCopy()
    {
        using var logHost = new SyslogReceiver();
        using var root = new TempDirectory("low-log-host");
        var low = ProductExecutable.LowSide(LoggedTo(logHost)).WithData(root.Combine("data"));
        await low.SucceedAsync("init", "--site", "site-a", "--no-password");
        await FileRequestAsync(low, "a");
        await FileRequestAsync(low, "b");
        var copy = root.Combine("auth.log");
        var keptBefore = await logHost.KeepAsync(copy, TimeSpan.FromSeconds(1));
        var before = await low.SucceedAsync("audit", "verify", "--log-host-copy", copy);
        var sql = OperatorSqlShell.Sqlite(root.Combine("data", "lowside.db"));
        var cutFrom = long.Parse((await sql.RunAsync("SELECT MAX(sequence) - 1 FROM audit_entries;")).Trim(), CultureInfo.InvariantCulture);

        // The operator takes the two requests out of the trail and its mirror; the next three requests grow it past them.
        await sql.RunAsync($"{sql.AllowDeletesOn("audit_entries")} DELETE FROM audit_entries WHERE sequence >= {cutFrom};");
        File.Delete(root.Combine("data", "logs", "audit.jsonl"));
        foreach (var name in new[] { "c", "d", "e" })
        {
            await FileRequestAsync(low, name);
        }

        await logHost.KeepAsync(copy, TimeSpan.FromSeconds(1));
        var alone = await low.RunAsync("audit", "verify");
        var anchored = await low.RunAsync("audit", "verify", "--log-host-copy", copy);

        Assert.That(before.StandardOutput, Does.Contain($"; {keptBefore} anchor(s) hold"), "init's entries and the two requests");
        Assert.That(alone.ExitCode, Is.Zero, "the trail is consistent in itself: " + alone);
        Assert.That(anchored.ExitCode, Is.EqualTo(1), anchored.ToString());
        Assert.That(anchored.StandardError, Does.Contain($"audit trail broken at entry {cutFrom} [{AuditAnchorStatus.Rewritten}]")
            .And.Contain("log host copy auth.log"));
    }

    private static Dictionary<string, string> LoggedTo(SyslogReceiver logHost) => new()
    {
        ["LOWSIDE__Audit__Syslog"] = logHost.Target,
        ["LOWSIDE__Sources__Allowed__0"] = "https://files.example/",
    };

    private static Task<ProcessResult> FileRequestAsync(ProductExecutable low, string name) =>
        low.SucceedAsync("request", "add", "file", $"https://files.example/{name}.bin", "--sha256", new string('a', 64), "--justification", "x");

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
