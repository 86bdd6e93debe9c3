using System.Net;
using Microsoft.Extensions.Logging;
using Polly;

namespace TransferPipeline.Shared.Oci;

/// <summary>
/// One place for how requests reach a registry: URL scheme, authentication, redirects, retries and
/// mapping failures to <see cref="RegistryException"/>.
/// </summary>
internal sealed class RegistryTransport
{
    private const int MaxRedirects = 5;

    private readonly HttpClient _http;
    private readonly RegistryClientOptions _options;
    private readonly RegistryAuthenticator _authenticator;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _timeProvider;

    public RegistryTransport(HttpClient http, RegistryCredentials credentials, RegistryClientOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _http = http;
        _options = options;
        _timeProvider = timeProvider;
        _authenticator = new RegistryAuthenticator(http, credentials, BaseUri, timeProvider);
        _pipeline = RegistryResilience.Create(options, timeProvider, logger);
    }

    public RegistryClientOptions Options => _options;

    public Uri BaseUri(string registry) =>
        new($"{(_options.PlainHttpRegistries.Contains(registry) ? "http" : "https")}://{registry}/");

    public Uri BuildUri(string registry, string pathAndQuery) => new(BaseUri(registry), pathAndQuery);

    /// <summary>
    /// Runs <paramref name="attempt"/> under the retry pipeline; transport failures that outlast it become a
    /// <see cref="RegistryException"/>.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(RegistryOperation operation, Func<CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token => await attempt(token), ct);
        }
        catch (Exception ex) when (ex is not RegistryException && RegistryResilience.IsTransient(ex, ct))
        {
            throw new RegistryException(
                $"Could not reach registry {operation.Registry} while {operation.Subject} "
                + $"after {_options.MaxAttempts} attempt(s): {DisplayText.Printable(ex.Message)}",
                ex)
            {
                Registry = operation.Registry,
                Repository = operation.Repository,
                Reference = operation.Reference,
            };
        }
    }

    /// <summary>
    /// Sends one request, answering one auth challenge and following redirects. When the request
    /// carries a body that cannot be replayed, a challenge makes this throw a transient error so the
    /// whole operation restarts with the new credentials.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(RegistryOperation operation, Func<HttpRequestMessage> createRequest, bool replayable, CancellationToken ct)
    {
        var response = await SendAuthorizedAsync(operation, createRequest, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized
            && AuthChallenge.From(response.Headers.WwwAuthenticate) is { } challenge
            && await _authenticator.TryAuthenticateAsync(challenge, operation, ct))
        {
            response.Dispose();
            if (!replayable)
            {
                throw new RegistryException($"Registry {operation.Registry} asked for new credentials while {operation.Subject}; restarting it.")
                {
                    Registry = operation.Registry,
                    Repository = operation.Repository,
                    Reference = operation.Reference,
                    StatusCode = HttpStatusCode.Unauthorized,
                    IsTransient = true,
                };
            }

            response = await SendAuthorizedAsync(operation, createRequest, ct);
        }

        return await FollowRedirectsAsync(response, operation, createRequest, ct);
    }

    /// <summary>HEAD on a blob: its size, -1 when present without a length, null when absent.</summary>
    public async Task<long?> HeadBlobAsync(RegistryOperation operation, Digest digest, CancellationToken ct)
    {
        var uri = BuildUri(operation.Registry, $"v2/{operation.Repository}/blobs/{digest.Value}");
        using var response = await SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Head, uri), replayable: true, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, operation, ct);
        return response.Content.Headers.ContentLength ?? -1;
    }

    public async Task EnsureSuccessAsync(HttpResponseMessage response, RegistryOperation operation, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.FromResponseAsync(response, operation, _timeProvider.GetUtcNow(), ct);
        }
    }

    public Task<RegistryException> ErrorAsync(HttpResponseMessage response, RegistryOperation operation, CancellationToken ct) =>
        RegistryErrors.FromResponseAsync(response, operation, _timeProvider.GetUtcNow(), ct);

    /// <summary>Resolves a Location header against the request it answered; refuses a missing one.</summary>
    public static Uri RequireLocation(HttpResponseMessage response, RegistryOperation operation)
    {
        var location = response.Headers.Location;
        if (location is null)
        {
            throw new RegistryException($"Registry {operation.Registry} answered {operation.Subject} without a Location header.")
            {
                Registry = operation.Registry,
                Repository = operation.Repository,
                Reference = operation.Reference,
                StatusCode = response.StatusCode,
            };
        }

        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
    }

    private async Task<HttpResponseMessage> SendAuthorizedAsync(RegistryOperation operation, Func<HttpRequestMessage> createRequest, CancellationToken ct)
    {
        using var request = createRequest();
        _authenticator.Apply(request, operation);
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    // HttpClient follows redirects itself by default; this covers handlers configured not to.
    private async Task<HttpResponseMessage> FollowRedirectsAsync(
        HttpResponseMessage response,
        RegistryOperation operation,
        Func<HttpRequestMessage> createRequest,
        CancellationToken ct)
    {
        for (var hop = 0; IsRedirect(response) && hop < MaxRedirects; hop++)
        {
            var method = response.RequestMessage?.Method;
            if (method != HttpMethod.Get && method != HttpMethod.Head)
            {
                return response;
            }

            var from = response.RequestMessage!.RequestUri!;
            var target = RequireLocation(response, operation);
            response.Dispose();
            if (from.Scheme == Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttps)
            {
                throw new RegistryException(
                    $"Registry {operation.Registry} redirected {operation.Subject} from https "
                    + $"to '{DisplayText.Printable(target.ToString())}'; refusing the downgrade.")
                {
                    Registry = operation.Registry,
                    Repository = operation.Repository,
                    Reference = operation.Reference,
                };
            }

            response = await SendAuthorizedAsync(operation, () => Retarget(createRequest(), target), ct);
        }

        return response;
    }

    private static HttpRequestMessage Retarget(HttpRequestMessage request, Uri target)
    {
        request.RequestUri = target;
        return request;
    }

    private static bool IsRedirect(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect
        && response.Headers.Location is not null;
}
