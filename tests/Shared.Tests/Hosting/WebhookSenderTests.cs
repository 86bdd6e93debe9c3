using System.Text;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>One notification to a real receiver on loopback: retried on a server error, given up on a refusal, signed when a secret is set.</summary>
[TestFixture]
internal sealed class WebhookSenderTests
{
    private const string Secret = "site-shared-secret-0123";

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory("webhook");

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task SendAsync_ReceiverAnswers500ThenOk_DeliversOnTheSecondAttemptWithTheSameSignedBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        using var sender = Sender(receiver.Url.ToString());

        var failure = await sender.SendAsync(Payload(), CancellationToken.None);

        var posts = receiver.Posts;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure, Is.Null);
            Assert.That(posts.Select(p => p.Answer), Is.EqualTo(new[] { 500, 200 }));
            Assert.That(posts[1].Body, Is.EqualTo(posts[0].Body), "a retry sends the same notification");
            Assert.That(posts, Has.All.Matches<WebhookPost>(p => p.IsSignedWith(Secret)));
            Assert.That(posts[0].EventHeader, Is.EqualTo("batch.refused"));
            Assert.That(posts[0].ContentType, Is.EqualTo("application/json; charset=utf-8"));
        }
    }

    [Test]
    public async Task SendAsync_ReceiverRefuses401_GivesUpAfterOneAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(401);
        using var sender = Sender(receiver.Url.ToString());

        var failure = await sender.SendAsync(Payload(), CancellationToken.None);

        Assert.That(failure, Does.StartWith("HTTP 401").And.EndWith("(attempt 1 of 3)"));
        Assert.That(receiver.Posts, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SendAsync_NothingListens_FailsAfterThreeAttempts()
    {
        using var sender = Sender($"http://127.0.0.1:{FreePort.Next()}/hooks/transfer");

        var failure = await sender.SendAsync(Payload(), CancellationToken.None);

        Assert.That(failure, Does.EndWith("(attempt 3 of 3)"));
    }

    [Test]
    public void Destination_WebhookWithTokenInPathAndQuery_NamesOnlySchemeHostAndPort()
    {
        using var sender = Sender("https://chat.site.internal:8443/hooks/s3cr3t-token?key=also-secret");

        Assert.That(sender.Destination, Is.EqualTo("https://chat.site.internal:8443"));
    }

    [Test]
    public async Task Signature_IsTheHmacSha256OpensslComputesOverTheBody()
    {
        var body = Payload().ToUtf8Json();
        var file = _temp.Combine("body.json");
        await File.WriteAllBytesAsync(file, body);

        var openssl = await ProcessRunner.RunAsync(ProcessRunner.Require("openssl"), ["dgst", "-sha256", "-hmac", Secret, "-r", file]);

        Assert.That(openssl.ExitCode, Is.Zero, openssl.ToString());
        Assert.That(WebhookSignature.Compute(Secret, body), Is.EqualTo("sha256=" + openssl.StandardOutput.Split(' ')[0]));
    }

    [Test]
    public void ToUtf8Json_EveryDocumentedMemberInOrder_NullWhereNotApplicable()
    {
        var json = Encoding.UTF8.GetString((Payload() with { Batch = null }).ToUtf8Json());

        Assert.That(json, Is.EqualTo("""
            {"event":"batch.refused","side":"highside","site":"high-a","subject":"site-a-000002-refused-x","batch":null,"state":"refused",
            "reason":"hash-mismatch","message":"a payload file does not match its hash","occurredUtc":"2026-03-01T12:30:05Z","sequence":42,
            "text":"highside high-a: Batch site-a-000002 refused"}
            """.ReplaceLineEndings("")));
    }

    private WebhookSender Sender(string webhook) => new(
        Options.Create(new NotificationOptions { Webhook = webhook, Secret = Secret, Timeout = TimeSpan.FromSeconds(5) }),
        TestHostSide.Data(_temp.Combine("data")),
        TimeProvider.System,
        new RecordingLogger<WebhookSender>());

    private static WebhookPayload Payload() => new(
        "batch.refused",
        "highside",
        "high-a",
        "site-a-000002-refused-x",
        "site-a-000002",
        "refused",
        "hash-mismatch",
        "a payload file does not match its hash",
        new DateTime(2026, 3, 1, 12, 30, 5, DateTimeKind.Utc),
        42,
        "highside high-a: Batch site-a-000002 refused");
}
