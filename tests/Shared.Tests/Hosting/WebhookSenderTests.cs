using System.Text;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>
/// One notification to a real receiver on loopback: retried on a server error with the same body and id, given up on a
/// refusal, signed over timestamp and body when a secret is set; the signature checks as docs/notifications.md says.
/// </summary>
[TestFixture]
internal sealed class WebhookSenderTests
{
    private const string Secret = "site-shared-secret-0123456789abcdef";

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory("webhook");

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task SendAsync_ReceiverAnswers500ThenOk_DeliversOnTheSecondAttemptWithTheSameIdAndSignedBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        using var senders = Senders(receiver.Url.ToString());

        var failure = await senders.All[0].SendAsync(Payload(), CancellationToken.None);

        var posts = receiver.Posts;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure, Is.Null);
            Assert.That(posts.Select(p => p.Answer), Is.EqualTo(new[] { 500, 200 }));
            Assert.That(posts[1].Body, Is.EqualTo(posts[0].Body), "a retry sends the same notification");
            Assert.That(posts.Select(p => p.IdHeader), Has.All.EqualTo("highside:high-a:42:0"));
            Assert.That(posts, Has.All.Matches<WebhookPost>(p => p.IsSignedWith(Secret)));
            Assert.That(posts[0].EventHeader, Is.EqualTo("batch.refused"));
            Assert.That(posts[0].ContentType, Is.EqualTo("application/json; charset=utf-8"));
        }
    }

    [Test]
    public async Task SendAsync_ReceiverRefuses401_GivesUpAfterOneAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(401);
        using var senders = Senders(receiver.Url.ToString());

        var failure = await senders.All[0].SendAsync(Payload(), CancellationToken.None);

        Assert.That(failure, Does.StartWith("HTTP 401").And.EndWith("(attempt 1 of 3)"));
        Assert.That(receiver.Posts, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SendAsync_NothingListens_FailsAfterEveryAttemptThenTriesOnceUntilItIsBack()
    {
        using var senders = Senders($"http://127.0.0.1:{FreePort.Next()}/hooks/transfer");
        var sender = senders.All[0];

        var first = await sender.SendAsync(Payload(), CancellationToken.None);
        var second = await sender.SendAsync(Payload(), CancellationToken.None);

        Assert.That(first, Does.EndWith("(attempt 3 of 3)"));
        Assert.That(second, Does.EndWith("(attempt 1 of 1)"));
    }

    [Test]
    public void Destination_WebhookWithTokenInPathAndQuery_NamesOnlySchemeHostAndPort()
    {
        using var senders = Senders("https://chat.site.internal:8443/hooks/s3cr3t-token?key=also-secret");

        Assert.That(senders.All[0].Destination, Is.EqualTo("https://chat.site.internal:8443"));
    }

    [Test]
    public async Task Signature_IsTheHmacSha256OpensslComputesOverTimestampDotBody()
    {
        var body = Payload().ToUtf8Json();
        var file = _temp.Combine("signed.txt");
        await File.WriteAllBytesAsync(file, [.. "1772368205."u8.ToArray(), .. body]);

        var openssl = await ProcessRunner.RunAsync(ProcessRunner.Require("openssl"), ["dgst", "-sha256", "-hmac", Secret, "-r", file]);

        Assert.That(openssl.ExitCode, Is.Zero, openssl.ToString());
        Assert.That(WebhookSignature.Compute(Secret, 1772368205, body), Is.EqualTo("sha256=" + openssl.StandardOutput.Split(' ')[0]));
    }

    [Test]
    public async Task Signature_ReceivedPost_VerifiesAndFailsForATamperedBodyTimestampOrSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var senders = Senders(receiver.Url.ToString());
        Assert.That(await senders.All[0].SendAsync(Payload(), CancellationToken.None), Is.Null);
        var post = receiver.Posts.Single();
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(post.Body).Replace("hash-mismatch", "approved", StringComparison.Ordinal));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(post.IsSignedWith(Secret), Is.True);
            Assert.That(post.IsSignedWith(Secret, tampered), Is.False, "a tampered body");
            Assert.That((post with { Timestamp = "1" }).IsSignedWith(Secret), Is.False, "another timestamp (a replay made to look fresh)");
            Assert.That(post.IsSignedWith(Secret.Replace('0', '1')), Is.False, "another secret");
            Assert.That(long.Parse(post.Timestamp!, null), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(60));
        }
    }

    [Test]
    public async Task SendAsync_NoSecret_NeitherTimestampNorSignature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var senders = Senders(receiver.Url.ToString(), secret: null);

        await senders.All[0].SendAsync(Payload(), CancellationToken.None);

        Assert.That(receiver.Posts.Single(), Has.Property(nameof(WebhookPost.Signature)).Null.And.Property(nameof(WebhookPost.Timestamp)).Null);
    }

    [Test]
    public void ToUtf8Json_EveryDocumentedMemberInOrder_NullWhereNotApplicable()
    {
        var json = Encoding.UTF8.GetString((Payload() with { Batch = null }).ToUtf8Json());

        Assert.That(json, Is.EqualTo("""
            {"id":"highside:high-a:42:0","event":"batch.refused","side":"highside","site":"high-a","subject":"site-a-000002-refused-x",
            "batch":null,"batchSequence":2,"state":"refused","reason":"hash-mismatch","message":"a payload file does not match its hash",
            "occurredUtc":"2026-03-01T12:30:05Z","sequence":42,"text":"highside high-a: Batch site-a-000002 refused"}
            """.ReplaceLineEndings("")));
    }

    private WebhookSenders Senders(string url, string? secret = Secret) => new(
        Options.Create(new NotificationOptions
        {
            Webhooks = [new WebhookOptions { Url = url, Secret = secret }],
            Timeout = TimeSpan.FromSeconds(5),
            Attempts = 3,
            RetryDelay = TimeSpan.FromMilliseconds(50),
        }),
        TestHostSide.Data(_temp.Combine("data")),
        TimeProvider.System,
        new RecordingLogger<WebhookSender>());

    private static WebhookPayload Payload() => new(
        "highside:high-a:42:0",
        "batch.refused",
        "highside",
        "high-a",
        "site-a-000002-refused-x",
        "site-a-000002",
        2,
        "refused",
        "hash-mismatch",
        "a payload file does not match its hash",
        new DateTime(2026, 3, 1, 12, 30, 5, DateTimeKind.Utc),
        42,
        "highside high-a: Batch site-a-000002 refused");
}
