using FluentValidation;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>Notifications: each webhook (<see cref="WebhookOptionsValidator"/>), and retries that end in bounded time.</summary>
internal sealed class NotificationOptionsValidator : AbstractValidator<NotificationOptions>
{
    public const int MaxAttempts = 10;

    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    public NotificationOptionsValidator()
    {
        RuleForEach(o => o.Webhooks).SetValidator(new WebhookOptionsValidator());
        RuleFor(o => o.Timeout)
            .Must(t => t > TimeSpan.Zero && t <= MaxTimeout)
            .WithMessage($"must be more than 0 and at most {MaxTimeout:c}");
        RuleFor(o => o.Attempts)
            .InclusiveBetween(1, MaxAttempts)
            .WithMessage($"must be from 1 to {MaxAttempts}");
        RuleFor(o => o.RetryDelay)
            .Must(d => d > TimeSpan.Zero && d <= MaxRetryDelay)
            .WithMessage($"must be more than 0 and at most {MaxRetryDelay:c}");
    }
}
