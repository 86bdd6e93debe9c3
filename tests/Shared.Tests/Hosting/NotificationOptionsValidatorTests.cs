using TransferPipeline.Hosting.Notifications;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>Notifications:Webhook is https://, or plain http only on loopback or where the site allows it; bad settings stop the daemon.</summary>
[TestFixture]
internal sealed class NotificationOptionsValidatorTests
{
    [TestCase(null, false, true)]
    [TestCase("", false, true)]
    [TestCase("https://chat.site.internal/hooks/abc123", false, true)]
    [TestCase("http://127.0.0.1:8065/hooks/abc", false, true)]
    [TestCase("http://localhost:8065/hooks/abc", false, true)]
    [TestCase("http://[::1]:8065/hooks/abc", false, true)]
    [TestCase("http://chat.site.internal/hooks/abc", false, false)]
    [TestCase("http://chat.site.internal/hooks/abc", true, true)]
    [TestCase("https://bot:hunter2@chat.site.internal/hooks", false, false)]
    [TestCase("ftp://chat.site.internal/hooks", false, false)]
    [TestCase("chat.site.internal/hooks", false, false)]
    [TestCase("/hooks/abc", false, false)]
    public void Validate_Webhook_HttpsOrLoopbackOrAllowedPlainHttp(string? webhook, bool allowPlainHttp, bool valid)
    {
        var result = new NotificationOptionsValidator().Validate(new NotificationOptions { Webhook = webhook, AllowPlainHttp = allowPlainHttp });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [Test]
    public void Validate_PlainHttpBeyondLoopback_NamesTheSettingThatAllowsIt()
    {
        var result = new NotificationOptionsValidator().Validate(new NotificationOptions { Webhook = "http://chat.site.internal/hooks" });

        Assert.That(result.Errors.Single().ErrorMessage, Does.Contain("Notifications:AllowPlainHttp"));
    }

    [TestCase(null, true)]
    [TestCase("", true)]
    [TestCase("0123456789abcdef", true)]
    [TestCase("short", false)]
    public void Validate_Secret_AtLeast16Characters(string? secret, bool valid)
    {
        var result = new NotificationOptionsValidator().Validate(new NotificationOptions { Webhook = "https://chat/hooks", Secret = secret });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [TestCase(new string[0], true)]
    [TestCase(new[] { "request.gathered", "batch.refused" }, true)]
    [TestCase(new[] { "request.gathered", "batch.imported" }, false)]
    [TestCase(new[] { "Request.Gathered" }, false)]
    public void Validate_Events_KnownNamesOnly(string[] events, bool valid)
    {
        var result = new NotificationOptionsValidator().Validate(new NotificationOptions { Events = [.. events] });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [TestCase("00:00:05", true)]
    [TestCase("00:01:00", true)]
    [TestCase("00:00:00", false)]
    [TestCase("00:01:01", false)]
    public void Validate_Timeout_PositiveAndAtMostAMinute(string timeout, bool valid)
    {
        var result = new NotificationOptionsValidator().Validate(new NotificationOptions { Timeout = TimeSpan.Parse(timeout, null) });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [Test]
    public void Events_TheSidesTogether_AreEveryEventOnceAndAllLowercase()
    {
        Assert.That(NotificationEvents.All, Is.Unique);
        Assert.That(NotificationEvents.LowSide.Intersect(NotificationEvents.HighSide), Is.Empty);
        Assert.That(NotificationEvents.All, Has.All.Matches<string>(e => !e.Any(char.IsUpper)));
    }
}
