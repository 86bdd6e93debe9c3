using TransferPipeline.Shared.Persistence;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.LowSide.Tests.Features.Requests;

public sealed class RequestAuditTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    [Test]
    public async Task SubmitRefuseCancel_AreInTheVerifiedAuditTrail()
    {
        await using var site = await TestSite.CreateAsync(Provider, "127.0.0.1:5000");
        var service = await site.GetAsync<RequestService>();
        var accepted = await service.SubmitAsync(TestRequests.Image("127.0.0.1:5000/library/app:1.0"), TestCallers.Alice, CancellationToken.None);
        await service.SubmitAsync(TestRequests.Image("127.0.0.1:5000/library/app:1.0\u0007") with { Requester = "mallory" }, TestCallers.Alice,
            CancellationToken.None);
        await service.CancelAsync(accepted.Value!.Id, TestCallers.Operator, CancellationToken.None);
        var log = await site.GetAsync<AuditLog>();

        var entries = new List<AuditEntry>();
        await foreach (var entry in log.ReadAsync(0, CancellationToken.None))
        {
            entries.Add(entry);
        }

        var verification = await log.VerifyAsync(CancellationToken.None);
        Assert.That(verification.IsValid, Is.True);
        Assert.That(entries.Select(e => e.Action), Is.EqualTo(new[] { "lowside.initialized", "request.submitted", "request.refused", "request.cancelled" }));
        entries.RemoveAt(0);
        Assert.That(entries[0].Actor, Is.EqualTo("local:alice"), "the requester is who authenticated, not the body's 'mallory'");
        Assert.That(entries[1].Actor, Is.EqualTo("local:alice"));
        Assert.That(entries[1].Subject, Is.EqualTo("127.0.0.1:5000/library/app:1.0?"), "hostile text is made printable");
        Assert.That(entries[1].DetailsJson, Does.Contain("validation-failed").And.Contain("source"));
        Assert.That(entries[2].Actor, Is.EqualTo("local:olga"));
        Assert.That(File.Exists(Path.Combine(site.Data.LogsDirectory, "audit.jsonl")), Is.True);
    }
}
