using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// POSTs notifications to one webhook: at most Notifications:Attempts attempts, each within Notifications:Timeout, waiting
/// Notifications:RetryDelay before the second and twice as long before each next. Only a 2xx answer delivers it. A 5xx, 408,
/// 429, timeout or network failure is tried again; any other answer is final (the receiver refused it, e.g. a signature it
/// does not accept). Redirects are not followed. Once a notification was given up, the webhook counts as down and later ones
/// get one attempt each until one is delivered, so a dead receiver delays the others by one timeout, not by every retry.
/// </summary>
internal sealed class WebhookSender(WebhookOptions webhook, NotificationOptions delivery, HttpClient http, string userAgent, TimeProvider clock,
    ILogger logger)
{
    private volatile bool _down;

    public WebhookOptions Webhook => webhook;

    /// <summary>The webhook without its path and query, which may hold the receiver's token: what logs name.</summary>
    public string Destination => Uri.TryCreate(webhook.Url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "";

    /// <summary>Null once the receiver took it; otherwise why it was not delivered. Throws only when <paramref name="cancellationToken"/> fires.</summary>
    public async Task<string?> SendAsync(WebhookPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var body = payload.ToUtf8Json();
        var attempts = _down ? 1 : delivery.Attempts;
        var delay = delivery.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var (failure, retry) = await AttemptAsync(payload, body, cancellationToken);
            if (failure is null)
            {
                if (_down)
                {
                    _down = false;
                    logger.LogInformation("Webhook {Webhook} takes notifications again", Destination);
                }

                return null;
            }

            if (!retry || attempt >= attempts)
            {
                _down = true;
                return string.Create(CultureInfo.InvariantCulture, $"{failure} (attempt {attempt} of {attempts})");
            }

            logger.LogInformation("Notification {Id} to {Webhook}: attempt {Attempt} failed ({Failure}); trying again in {Delay}",
                payload.Id, Destination, attempt, failure, delay);
            await Task.Delay(delay, clock, cancellationToken);
            delay *= 2;
        }
    }

    private async Task<(string? Failure, bool Retry)> AttemptAsync(WebhookPayload payload, byte[] body, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(delivery.Timeout);
        try
        {
            using var request = Request(payload, body);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var status = (int)response.StatusCode;
            var transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return response.IsSuccessStatusCode ? (null, false) : ($"HTTP {status} {response.ReasonPhrase}", transient);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ($"no answer within {delivery.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", true);
        }
        catch (HttpRequestException ex)
        {
            return (ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message, true);
        }
    }

    private HttpRequestMessage Request(WebhookPayload payload, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd(userAgent);
        request.Headers.Add(WebhookHeaders.Id, payload.Id);
        request.Headers.Add(WebhookHeaders.Event, payload.Event);
        if (!string.IsNullOrEmpty(webhook.Secret))
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(webhook.Secret, timestamp, body));
        }

        return request;
    }
}
