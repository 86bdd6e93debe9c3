using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Data;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// POSTs one notification to Notifications:Webhook: at most <see cref="Attempts"/> attempts, each within Notifications:Timeout,
/// 2 s and then 4 s apart. Only a 2xx answer delivers it. A 5xx, 408, 429, timeout or network failure is tried again; any
/// other answer is final (the receiver refused it, e.g. a signature it does not accept). Redirects are not followed.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    public const int Attempts = 3;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(2);

    private readonly NotificationOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<WebhookSender> _logger;
    private readonly HttpClient _http;
    private readonly string _userAgent;

    public WebhookSender(IOptions<NotificationOptions> options, DataDirectory data, TimeProvider clock, ILogger<WebhookSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _userAgent = "TransferPipeline-" + data.Side.Name;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = _options.Timeout })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// The webhook without its path and query, which may hold the receiver's token: what logs name.
    /// </summary>
    public string Destination => Uri.TryCreate(_options.Webhook, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "";

    /// <summary>Null once the receiver took it; otherwise why it was not delivered. Throws only when <paramref name="cancellationToken"/> fires.</summary>
    public async Task<string?> SendAsync(WebhookPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var body = payload.ToUtf8Json();
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var (failure, retry) = await AttemptAsync(payload.Event, body, cancellationToken);
            if (failure is null)
            {
                return null;
            }

            if (!retry || attempt == Attempts)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{failure} (attempt {attempt} of {Attempts})");
            }

            _logger.LogInformation("Notification {Event} to {Webhook}: attempt {Attempt} failed ({Failure}); trying again in {Delay}",
                payload.Event, Destination, attempt, failure, delay);
            await Task.Delay(delay, _clock, cancellationToken);
            delay *= 2;
        }
    }

    private async Task<(string? Failure, bool Retry)> AttemptAsync(string eventName, byte[] body, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.Timeout);
        try
        {
            using var request = Request(eventName, body);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var status = (int)response.StatusCode;
            var transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return response.IsSuccessStatusCode ? (null, false) : ($"HTTP {status} {response.ReasonPhrase}", transient);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ($"no answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", true);
        }
        catch (HttpRequestException ex)
        {
            return (ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message, true);
        }
    }

    private HttpRequestMessage Request(string eventName, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _options.Webhook) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd(_userAgent);
        request.Headers.Add("X-TransferPipeline-Event", eventName);
        if (!string.IsNullOrEmpty(_options.Secret))
        {
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(_options.Secret, body));
        }

        return request;
    }

    public void Dispose() => _http.Dispose();
}
