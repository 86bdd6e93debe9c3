namespace TransferPipeline.Hosting.Notifications;

/// <summary>One entry of Notifications:Webhooks.</summary>
public sealed class WebhookOptions
{
    /// <summary>Where each notification is POSTed: an https:// URL, or http:// on loopback (or with <see cref="AllowPlainHttp"/>).</summary>
    public string Url { get; set; } = "";

    /// <summary>Allows an http:// <see cref="Url"/> on a host other than loopback (the body then crosses the network in clear).</summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>
    /// When set, each POST carries <c>X-TransferPipeline-Timestamp</c> and <c>X-TransferPipeline-Signature</c>
    /// (<see cref="WebhookSignature"/>), so the receiver can tell the daemon's notifications from anyone else's, and old ones replayed.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Only these events are sent here (see <see cref="NotificationEvents"/>); all of them when empty.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>Whether <paramref name="eventName"/> passes the <see cref="Events"/> filter.</summary>
    public bool Sends(string eventName) => Events.Count == 0 || Events.Contains(eventName, StringComparer.Ordinal);
}
