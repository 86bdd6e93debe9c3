using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.WebConsole;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Options;

namespace TransferPipeline.Hosting.Http;

/// <summary>
/// The HTTP defaults of both daemons: validated Http:Urls, host filtering (loopback names and the hosts
/// of Http:Urls unless AllowedHosts is configured, so a browser cannot be pointed at the API by DNS
/// rebinding), problem details for unhandled faults, GET /health, the web console (pages authorise
/// themselves), and the one route group every API endpoint is mapped on, which is where authentication applies.
/// </summary>
public static class TransferHttp
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static WebApplicationBuilder AddTransferHttp(this WebApplicationBuilder builder, DataDirectory data, string? urls)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(data);
        builder.Services.AddValidatedOptions<HttpOptions, HttpOptionsValidator>(builder.Configuration, HttpOptions.Section,
            http =>
            {
                http.Urls = data.Side.DefaultUrls;
                http.AllowedHosts = builder.Configuration["AllowedHosts"];
            });
        var listen = urls ?? builder.Configuration[$"{HttpOptions.Section}:{nameof(HttpOptions.Urls)}"] ?? data.Side.DefaultUrls;
        builder.WebHost.UseUrls(listen);
        var certificate = builder.Configuration.GetSection($"{HttpOptions.Section}:{nameof(HttpOptions.Certificate)}").Get<CertificateOptions>();
        if (certificate?.IsSet == true)
        {
            // Loaded when Kestrel binds, after the options were validated at start.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate.Load()));
        }

        var configured = builder.Configuration["AllowedHosts"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            var hosts = LoopbackHosts.Concat(NamedHosts(listen)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            builder.Services.PostConfigure<HostFilteringOptions>(filtering => filtering.AllowedHosts = hosts);
        }

        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        builder.Services.AddTransferConsole(builder.Configuration, data);
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>
    /// Adds the middleware and GET /health (never authenticated); returns the group the API endpoints are
    /// mapped on, which requires an authenticated caller when <paramref name="requireAuthentication"/>.
    /// </summary>
    public static IEndpointRouteBuilder UseTransferHttp(this WebApplication app, bool requireAuthentication)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseConsoleSecurityHeaders();
        app.UseExactCookiePrefixes();
        app.MapHealthChecks("/health");
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseConsoleForms();
        app.MapTransferConsole();
        var api = app.MapGroup("");
        if (requireAuthentication)
        {
            api.RequireAuthorization();
        }

        return api;
    }

    // Wildcard listeners (0.0.0.0, [::], *, +) name no host: such a site sets AllowedHosts itself.
    private static IEnumerable<string> NamedHosts(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => u.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal))
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri.Host : "wildcard")
            .Where(h => h is not ("wildcard" or "0.0.0.0" or "[::]"));
}
