using TransferPipeline.Shared.Persistence;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.LowSide.Features.Notifications;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Notifications;

/// <summary>The low side's notifications from its real request service and audit trail, posted to a real receiver by the real dispatcher.</summary>
[NonParallelizable]
public sealed class LowSideNotificationsTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task SubmitThenCancel_RequestSubmittedThenCancelledWithTheRequestIdAndWhoDidIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var site = await TestSite.CreateAsync(Provider, "127.0.0.1:5000");
        var services = await site.ServicesAsync(s => s.AddNotifications<LowSideNotificationMap>(RunningHostedServices.NotifyingTo(receiver.Url)));
        await using var dispatcher = await RunningHostedServices.StartAsync(services);
        var requests = services.GetRequiredService<RequestService>();

        var submitted = await requests.SubmitAsync(TestRequests.Image("127.0.0.1:5000/library/app:1.0"), TestCallers.Alice, CancellationToken.None);
        await requests.CancelAsync(submitted.Value!.Id, TestCallers.Operator, CancellationToken.None);

        var posts = await receiver.WaitForAsync(p => p.Count >= 2, Patience, "submitted and cancelled");
        var id = submitted.Value.Id;
        Assert.That(posts.Select(p => (p.Event, p.Subject)), Is.EqualTo(new[]
        {
            (NotificationEvents.RequestSubmitted, id),
            (NotificationEvents.RequestCancelled, id),
        }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(posts[0].Json.GetProperty("side").GetString(), Is.EqualTo("lowside"));
            Assert.That(posts[0].Json.GetProperty("site").GetString(), Is.EqualTo(site.SiteId));
            Assert.That(posts[0].Json.GetProperty("state").GetString(), Is.EqualTo(RequestStatus.Submitted));
            Assert.That(posts[0].Json.GetProperty("text").GetString(), Does.Contain($"Request {id} submitted by local:alice"));
            Assert.That(posts[1].Json.GetProperty("text").GetString(), Does.EndWith($"Request {id} cancelled by local:olga"));
            Assert.That(posts.Select(p => p.Id), Is.Unique);
        }
    }
}
