using FluentValidation;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// Notifications: the webhook is https://, or plain http:// only on loopback or when the site allows it explicitly; no
/// credentials in the URL (they would end up in logs: the secret signs instead); known event names; a bounded timeout.
/// </summary>
internal sealed class NotificationOptionsValidator : AbstractValidator<NotificationOptions>
{
    public const int MinSecretLength = 16;

    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(1);

    public NotificationOptionsValidator()
    {
        When(o => o.IsOn, () =>
        {
            RuleFor(o => o.Webhook)
                .Must(w => Parse(w) is { Scheme: "http" or "https" })
                .WithMessage("'{PropertyValue}' is not an http(s) URL")
                .DependentRules(() =>
                {
                    RuleFor(o => o.Webhook)
                        .Must((o, w) => Parse(w) is { Scheme: "https" } or { IsLoopback: true } || o.AllowPlainHttp)
                        .WithMessage("sends notifications in clear over the network: use an https:// URL, or set Notifications:AllowPlainHttp "
                            + "to true if the site accepts that");
                    RuleFor(o => o.Webhook)
                        .Must(w => string.IsNullOrEmpty(Parse(w)!.UserInfo))
                        .WithMessage("must not hold a user name or password: set Notifications:Secret and check the signature instead");
                });
        });
        RuleFor(o => o.Secret)
            .Must(s => s!.Length >= MinSecretLength)
            .When(o => !string.IsNullOrEmpty(o.Secret))
            .WithMessage($"must be at least {MinSecretLength} characters (a random string the receiver also knows)");
        RuleForEach(o => o.Events)
            .Must(e => NotificationEvents.All.Contains(e))
            .WithMessage($"'{{PropertyValue}}' is not a notification event; the events are {string.Join(", ", NotificationEvents.All)}");
        RuleFor(o => o.Timeout)
            .Must(t => t > TimeSpan.Zero && t <= MaxTimeout)
            .WithMessage($"must be more than 0 and at most {MaxTimeout:c}");
    }

    private static Uri? Parse(string? webhook) => Uri.TryCreate(webhook, UriKind.Absolute, out var uri) ? uri : null;
}
