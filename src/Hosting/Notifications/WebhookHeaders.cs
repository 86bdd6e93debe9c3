namespace TransferPipeline.Hosting.Notifications;

/// <summary>The headers of a webhook POST besides the signature's (<see cref="WebhookSignature"/>).</summary>
internal static class WebhookHeaders
{
    /// <summary>The payload's <c>id</c>, so a receiver can drop a redelivery before it parses the body.</summary>
    public const string Id = "X-TransferPipeline-Id";

    public const string Event = "X-TransferPipeline-Event";
}
