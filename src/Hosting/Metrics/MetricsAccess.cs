using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace TransferPipeline.Hosting.Metrics;

/// <summary>
/// Who may read /metrics: with Metrics:TokenFile, a caller sending that token as a bearer token; without it, loopback
/// callers only. The metrics name no secret, but counts of refusals and queues are the site's business.
/// </summary>
internal sealed class MetricsAccess(IOptions<MetricsOptions> options)
{
    public const string Path = "/metrics";

    private readonly byte[]? _tokenHash = options.Value.ReadToken() is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!Guards(context) || Allows(context))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = _tokenHash is null ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        if (_tokenHash is not null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
    }

    /// <summary>
    /// /metrics under any spelling routing takes for it (`/metrics/`, `/METRICS`), and whatever the router chose the
    /// scraping endpoint for: routing drops a trailing slash that an exact comparison of the path would let through.
    /// </summary>
    private static bool Guards(HttpContext context) =>
        context.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase)
        || context.GetEndpoint()?.Metadata.GetMetadata<ScrapingEndpoint>() is not null;

    private bool Allows(HttpContext context)
    {
        if (_tokenHash is null)
        {
            return context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var sent = SHA256.HashData(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(sent, _tokenHash);
    }

    /// <summary>Marks the endpoint that serves the metrics, whatever path the request took to it.</summary>
    public sealed class ScrapingEndpoint;
}
