using System.Security.Cryptography;
using FluentValidation;

namespace TransferPipeline.Hosting.Http;

/// <summary>
/// Http:Urls and Http:Certificate: plain HTTP is served on loopback only (officers' and requesters'
/// credentials never cross a network in clear), https:// needs a certificate that loads, and AllowedHosts names the hosts
/// (host filtering is never switched off by '*').
/// </summary>
internal sealed class HttpOptionsValidator : AbstractValidator<HttpOptions>
{
    public HttpOptionsValidator()
    {
        RuleFor(o => o.Urls).NotEmpty()
            .Must(urls => Split(urls).All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            .WithMessage("must be one or more http(s) URLs separated by ';'")
            .DependentRules(() =>
            {
                RuleFor(o => o.Urls)
                    .Must(urls => Split(urls).All(u => !IsPlainHttpBeyondLoopback(new Uri(u))))
                    .WithMessage(o => $"{Split(o.Urls).First(u => IsPlainHttpBeyondLoopback(new Uri(u)))} serves plain HTTP on an address other than "
                        + "loopback: serve it as https:// with Http:Certificate:Path and Http:Certificate:KeyPath (PEM files), or listen on 127.0.0.1");
                RuleFor(o => o.Urls)
                    .Must((o, urls) => UnlistedHost(o) is null)
                    .WithMessage(o => $"names the host {UnlistedHost(o)}, which AllowedHosts ('{o.AllowedHosts}') does not list: add it to "
                        + "AllowedHosts (the names clients use, separated by ';'), or browsers and clients using it are refused");
                RuleFor(o => o.Certificate.Path)
                    .NotEmpty()
                    .When(o => Split(o.Urls).Any(u => new Uri(u).Scheme == "https"))
                    .WithName("Http:Certificate:Path")
                    .WithMessage("is required for the https:// URLs in Http:Urls (a PEM certificate, with Http:Certificate:KeyPath)");
            });
        RuleFor(o => o.AllowedHosts)
            .Must(hosts => !Split(hosts ?? "").Contains("*"))
            .WithName("AllowedHosts")
            .WithMessage("is '*', which lets in requests for any host name: a web page whose name is rebound to this machine (DNS rebinding) "
                + "would reach the daemon from a browser. List the names clients use, separated by ';' ('*.' and a domain allows its hosts)");
        RuleFor(o => o.Certificate)
            .Must(Loads)
            .When(o => o.Certificate.IsSet)
            .WithName("Http:Certificate")
            .WithMessage(o => $"Path '{o.Certificate.Path}' and KeyPath '{o.Certificate.KeyPath}' are not a readable PEM certificate and its private key");
    }

    private static string[] Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // Wildcard listeners (0.0.0.0, [::], *, +) name no host; "*" allows every host.
    private static string? UnlistedHost(HttpOptions options)
    {
        var allowed = (options.AllowedHosts ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (allowed.Length == 0 || allowed.Contains("*"))
        {
            return null;
        }

        return Split(options.Urls)
            .Select(u => u.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal))
            .Select(u => new Uri(u).Host)
            .Where(h => h is not ("wildcard" or "0.0.0.0" or "[::]"))
            .FirstOrDefault(h => !allowed.Any(a => string.Equals(a, h, StringComparison.OrdinalIgnoreCase)
                || (a.StartsWith("*.", StringComparison.Ordinal) && h.EndsWith(a[1..], StringComparison.OrdinalIgnoreCase))));
    }

    private static bool IsPlainHttpBeyondLoopback(Uri uri) => uri.Scheme == "http" && !uri.IsLoopback;

    private static bool Loads(CertificateOptions certificate)
    {
        if (string.IsNullOrWhiteSpace(certificate.Path) || string.IsNullOrWhiteSpace(certificate.KeyPath))
        {
            return false;
        }

        try
        {
            using var loaded = certificate.Load();
            return loaded.HasPrivateKey;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
