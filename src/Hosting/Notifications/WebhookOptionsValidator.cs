using FluentValidation;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// One webhook: https://, or plain http:// only on loopback or when the site allows it explicitly; no credentials in the URL
/// (they would end up in logs: the secret signs instead); a secret long enough to resist guessing; known event names.
/// </summary>
internal sealed class WebhookOptionsValidator : AbstractValidator<WebhookOptions>
{
    public const int MinSecretLength = 32;

    public WebhookOptionsValidator()
    {
        RuleFor(o => o.Url)
            .Must(w => Parse(w) is { Scheme: "http" or "https" })
            .WithMessage("'{PropertyValue}' is not an absolute http(s) URL")
            .DependentRules(() =>
            {
                RuleFor(o => o.Url)
                    .Must((o, w) => Parse(w) is { Scheme: "https" } or { IsLoopback: true } || o.AllowPlainHttp)
                    .WithMessage("sends notifications in clear over the network: use an https:// URL, or set AllowPlainHttp to true beside "
                        + "this Url if the site accepts that");
                RuleFor(o => o.Url)
                    .Must(w => string.IsNullOrEmpty(Parse(w)!.UserInfo))
                    .WithMessage("must not hold a user name or password: set Secret beside this Url and check the signature instead");
            });
        RuleFor(o => o.Secret)
            .Must(s => s!.Length >= MinSecretLength)
            .When(o => !string.IsNullOrEmpty(o.Secret))
            .WithMessage($"must be at least {MinSecretLength} characters (a random string the receiver also knows, e.g. `openssl rand -hex 32`)");
        RuleForEach(o => o.Events)
            .Must(e => NotificationEvents.All.Contains(e))
            .WithMessage($"'{{PropertyValue}}' is not a notification event; the events are {string.Join(", ", NotificationEvents.All)}");
    }

    private static Uri? Parse(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;
}
