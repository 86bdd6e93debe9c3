using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Data;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>A <see cref="WebhookSender"/> for each of Notifications:Webhooks, in their order, over one HTTP client.</summary>
internal sealed class WebhookSenders : IDisposable
{
    private readonly HttpClient _http;

    public WebhookSenders(IOptions<NotificationOptions> options, DataDirectory data, TimeProvider clock, ILogger<WebhookSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        var delivery = options.Value;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = delivery.Timeout })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var userAgent = "TransferPipeline-" + data.Side.Name;
        All = [.. delivery.Webhooks.Select(w => new WebhookSender(w, delivery, _http, userAgent, clock, logger))];
    }

    public IReadOnlyList<WebhookSender> All { get; }

    public void Dispose() => _http.Dispose();
}
