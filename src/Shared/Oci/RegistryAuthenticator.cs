using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;

namespace TransferPipeline.Shared.Oci;

/// <summary>
/// Answers registry auth challenges: Bearer tokens (fetched anonymously or with Basic credentials,
/// cached per registry and scope) and plain Basic. Credentials are only ever attached to requests
/// for the registry they belong to.
/// </summary>
internal sealed class RegistryAuthenticator(
    HttpClient http,
    RegistryCredentials credentials,
    Func<string, Uri> baseUriOf,
    TimeProvider timeProvider)
{
    private const int MaxTokenResponseBytes = 1024 * 1024;

    // Docker's token spec: a token without expires_in is valid for 60 seconds.
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(string Registry, string Scope), CachedToken> _tokens = new();
    private readonly ConcurrentDictionary<string, bool> _basicRegistries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Attaches a cached token or Basic credentials, if the request targets <paramref name="operation"/>'s registry.</summary>
    public void Apply(HttpRequestMessage request, RegistryOperation operation)
    {
        request.Headers.Authorization = null;
        if (!TargetsRegistry(request.RequestUri, operation.Registry))
        {
            return;
        }

        var key = (operation.Registry.ToUpperInvariant(), operation.Scope);
        if (_tokens.TryGetValue(key, out var cached) && cached.ExpiresAt > timeProvider.GetUtcNow())
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cached.Token);
            return;
        }

        if (_basicRegistries.ContainsKey(operation.Registry) && credentials.Find(operation.Registry) is { } credential)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.ToBasicParameter());
        }
    }

    /// <summary>Prepares credentials for a retry after a 401; false when there is nothing to try.</summary>
    public async Task<bool> TryAuthenticateAsync(AuthChallenge challenge, RegistryOperation operation, CancellationToken ct)
    {
        if (challenge.IsBasic)
        {
            if (credentials.Find(operation.Registry) is null)
            {
                return false;
            }

            _basicRegistries[operation.Registry] = true;
            return true;
        }

        if (!challenge.IsBearer)
        {
            return false;
        }

        var (token, lifetime) = await FetchTokenAsync(challenge, operation, ct);
        // Renew a little early so a token does not expire between Apply and the registry checking it.
        var expiresAt = timeProvider.GetUtcNow() + lifetime - TimeSpan.FromSeconds(Math.Min(10, lifetime.TotalSeconds / 4));
        _tokens[(operation.Registry.ToUpperInvariant(), operation.Scope)] = new CachedToken(token, expiresAt);
        return true;
    }

    private async Task<(string Token, TimeSpan Lifetime)> FetchTokenAsync(AuthChallenge challenge, RegistryOperation operation, CancellationToken ct)
    {
        var realm = ValidateRealm(challenge.Realm, operation);
        var query = new List<string>();
        if (challenge.Service is { Length: > 0 } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        var scopes = challenge.Scope ?? operation.Scope;
        foreach (var scope in scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            query.Add("scope=" + Uri.EscapeDataString(scope));
        }

        var builder = new UriBuilder(realm);
        var existing = builder.Query.TrimStart('?');
        builder.Query = string.Join('&', new[] { existing }.Where(q => q.Length > 0).Concat(query));

        using var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        var credential = credentials.Find(operation.Registry);
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.ToBasicParameter());
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw TokenRefused(response.StatusCode, operation, credential is not null);
        }

        var body = await HttpBodies.ReadCappedAsync(response.Content, MaxTokenResponseBytes, ct)
            ?? throw new RegistryException(
                $"The token server for {operation.Registry} sent an answer over {MaxTokenResponseBytes / 1024} KiB.")
            {
                Registry = operation.Registry,
            };
        var parsed = ParseToken(body, operation);
        var lifetime = parsed.ExpiresIn is > 0 ? TimeSpan.FromSeconds(parsed.ExpiresIn.Value) : DefaultTokenLifetime;
        return (parsed.Token ?? parsed.AccessToken!, lifetime);
    }

    private static TokenResponse ParseToken(byte[] body, RegistryOperation operation)
    {
        TokenResponse parsed;
        try
        {
            parsed = OciJson.Deserialize(body, OciJsonContext.Default.TokenResponse, "token response");
        }
        catch (OciFormatException ex)
        {
            throw new RegistryException($"The token server for {operation.Registry} sent an unreadable answer: {ex.Message}", ex)
            {
                Registry = operation.Registry,
            };
        }

        var token = parsed.Token ?? parsed.AccessToken;
        if (string.IsNullOrEmpty(token) || token.Any(c => c is <= ' ' or >= '\u007f'))
        {
            throw new RegistryException($"The token server for {operation.Registry} answered without a usable token.") { Registry = operation.Registry };
        }

        return parsed;
    }

    private static Uri ValidateRealm(string? realm, RegistryOperation operation)
    {
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            throw new RegistryException(
                $"Registry {operation.Registry} asked for a token from '{DisplayText.Printable(realm)}', which is not an https URL; "
                + "refusing to send credentials there.")
            {
                Registry = operation.Registry,
                StatusCode = HttpStatusCode.Unauthorized,
            };
        }

        return uri;
    }

    private static RegistryException TokenRefused(HttpStatusCode status, RegistryOperation operation, bool hadCredentials)
    {
        var transient = (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
        var hint = hadCredentials
            ? "the configured credentials were refused"
            : "anonymous access was refused; configure credentials for this registry";
        return new RegistryException(
            $"The token server for {operation.Registry} answered HTTP {(int)status} while {operation.Subject}: "
            + $"{(transient ? "it is failing" : hint)}.")
        {
            Registry = operation.Registry,
            Repository = operation.Repository,
            Reference = operation.Reference,
            StatusCode = status,
            IsTransient = transient,
        };
    }

    private bool TargetsRegistry(Uri? uri, string registry)
    {
        if (uri is null)
        {
            return false;
        }

        var expected = baseUriOf(registry);
        return uri.Scheme == expected.Scheme && string.Equals(uri.Authority, expected.Authority, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);
}
