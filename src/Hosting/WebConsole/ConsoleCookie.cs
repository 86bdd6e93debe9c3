using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Http;

namespace TransferPipeline.Hosting.WebConsole;

/// <summary>
/// How both consoles set their cookies (sessions, the sign-in step, anti-forgery): HttpOnly, SameSite=Strict, path /.
/// When every address of Http:Urls is https, each is Secure and named with the <c>__Host-</c> prefix, which browsers take
/// only from this host over https, without a Domain: a neighbouring host in the same domain cannot plant one (cookie
/// tossing), and the daemon reads no cookie of the plain name. Plain http is allowed on loopback only, where a Secure
/// cookie would never come back (and anti-forgery refuses to run with one), so a daemon that also listens there keeps
/// the plain names, Secure as the request is.
/// </summary>
public static class ConsoleCookie
{
    public const string HostPrefix = "__Host-";

    public static bool ServesHttps(HttpOptions http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.ParsedUrls().All(u => u.Scheme == Uri.UriSchemeHttps);
    }

    public static void Apply(CookieBuilder cookie, string name, HttpOptions http)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        var https = ServesHttps(http);
        cookie.Name = (https ? HostPrefix : "") + name;
        cookie.HttpOnly = true;
        cookie.SameSite = SameSiteMode.Strict;
        cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        cookie.Path = "/";
        cookie.Domain = null;
    }

    /// <summary>Sets <paramref name="name"/>'s cookie on <typeparamref name="TOptions"/> once the Http section is bound.</summary>
    public static void Configure<TOptions>(OptionsBuilder<TOptions> options, Func<TOptions, CookieBuilder> cookie, string name)
        where TOptions : class =>
        options.Configure<IOptions<HttpOptions>>((o, http) => Apply(cookie(o), name, http.Value));
}
