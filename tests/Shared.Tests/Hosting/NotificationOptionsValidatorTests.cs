using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Hosting.Options;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>
/// Notifications:Webhooks are https://, or plain http only on loopback or where the site allows it; secrets long enough;
/// retries bounded. Bad settings stop the daemon at start with a message naming the setting.
/// </summary>
[TestFixture]
internal sealed class NotificationOptionsValidatorTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

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
    [TestCase("", false, false)]
    public void Validate_Url_HttpsOrLoopbackOrAllowedPlainHttp(string url, bool allowPlainHttp, bool valid)
    {
        var result = Validate(new WebhookOptions { Url = url, AllowPlainHttp = allowPlainHttp });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [TestCase(null, true)]
    [TestCase("", true)]
    [TestCase(Secret, true)]
    [TestCase("0123456789abcdef", false)]
    [TestCase("short", false)]
    public void Validate_Secret_AtLeast32Characters(string? secret, bool valid)
    {
        var result = Validate(new WebhookOptions { Url = "https://chat/hooks", Secret = secret });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [TestCase(new string[0], true)]
    [TestCase(new[] { "request.gathered", "batch.refused" }, true)]
    [TestCase(new[] { "request.gathered", "batch.imported" }, false)]
    [TestCase(new[] { "Request.Gathered" }, false)]
    public void Validate_Events_KnownNamesOnly(string[] events, bool valid)
    {
        var result = Validate(new WebhookOptions { Url = "https://chat/hooks", Events = [.. events] });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [TestCase("00:00:05", 4, "00:00:02", true)]
    [TestCase("00:01:00", 10, "00:01:00", true)]
    [TestCase("00:00:00", 4, "00:00:02", false)]
    [TestCase("00:01:01", 4, "00:00:02", false)]
    [TestCase("00:00:05", 0, "00:00:02", false)]
    [TestCase("00:00:05", 11, "00:00:02", false)]
    [TestCase("00:00:05", 4, "00:00:00", false)]
    [TestCase("00:00:05", 4, "00:01:01", false)]
    public void Validate_TimeoutAttemptsRetryDelay_Bounded(string timeout, int attempts, string retryDelay, bool valid)
    {
        var result = new NotificationOptionsValidator().Validate(new NotificationOptions
        {
            Timeout = TimeSpan.Parse(timeout, null),
            Attempts = attempts,
            RetryDelay = TimeSpan.Parse(retryDelay, null),
        });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [Test]
    public void Start_BadSecondWebhook_RefusedNamingEachSettingAsConfiguredAndTheWayOut()
    {
        using var services = Bound(new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:0:Url"] = "https://chat.site.internal/hooks/a",
            ["Notifications:Webhooks:1:Url"] = "http://tickets.site.internal/hooks/b",
            ["Notifications:Webhooks:1:Secret"] = "short",
        });

        var refused = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<NotificationOptions>>().Value);

        Assert.That(refused!.Failures, Is.EquivalentTo(new[]
        {
            "configuration Notifications:Webhooks:1:Url: sends notifications in clear over the network: use an https:// URL, or set "
                + "AllowPlainHttp to true beside this Url if the site accepts that",
            "configuration Notifications:Webhooks:1:Secret: must be at least 32 characters (a random string the receiver also knows, "
                + "e.g. `openssl rand -hex 32`)",
        }));
    }

    [Test]
    public void Start_NoWebhooks_Valid()
    {
        using var services = Bound([]);

        Assert.That(services.GetRequiredService<IOptions<NotificationOptions>>().Value.Webhooks, Is.Empty);
    }

    [Test]
    public void Events_TheSidesTogether_AreEveryEventOnceAndAllLowercase()
    {
        Assert.That(NotificationEvents.All, Is.Unique);
        Assert.That(NotificationEvents.LowSide.Intersect(NotificationEvents.HighSide), Is.Empty);
        Assert.That(NotificationEvents.All, Has.All.Matches<string>(e => !e.Any(char.IsUpper)));
    }

    private static FluentValidation.Results.ValidationResult Validate(WebhookOptions webhook) =>
        new NotificationOptionsValidator().Validate(new NotificationOptions { Webhooks = [webhook] });

    private static ServiceProvider Bound(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddValidatedOptions<NotificationOptions, NotificationOptionsValidator>(configuration, NotificationOptions.Section);
        return services.BuildServiceProvider();
    }
}
