namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// Configuration section "Notifications", the same on both sides: the webhook (the site's chat or ticket system) the daemon
/// calls when a request or a batch changes state. Without <see cref="Webhook"/> the daemon only writes them to its log.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Where each notification is POSTed: an https:// URL, or http:// on loopback (or with <see cref="AllowPlainHttp"/>).</summary>
    public string? Webhook { get; set; }

    /// <summary>Allows an http:// <see cref="Webhook"/> on a host other than loopback (the body then crosses the network in clear).</summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>
    /// When set, each POST carries <c>X-TransferPipeline-Signature: sha256=HEX</c>, the HMAC-SHA256 of the body under this
    /// secret (its UTF-8 bytes), so the receiver can tell the daemon's notifications from anyone else's.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Only these events are sent (see <see cref="NotificationEvents"/>); all of them when empty.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>How long one attempt may take, connecting included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsOn => !string.IsNullOrWhiteSpace(Webhook);

    /// <summary>Whether <paramref name="eventName"/> passes the <see cref="Events"/> filter.</summary>
    public bool Sends(string eventName) => Events.Count == 0 || Events.Contains(eventName, StringComparer.Ordinal);
}
