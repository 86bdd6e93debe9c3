namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// Configuration section "Notifications", the same on both sides: the webhooks (the site's chat or ticket system) the daemon
/// calls when a request or a batch changes state, and how hard it tries. Without webhooks the daemon only writes them to its log.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary><c>Notifications:Webhooks:0:Url</c> and so on: each gets every notification its <see cref="WebhookOptions.Events"/> let through.</summary>
    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>How long one attempt may take, connecting included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per notification and webhook, the first included; then it is given up with a warning.</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>The wait before the second attempt; it doubles before each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
