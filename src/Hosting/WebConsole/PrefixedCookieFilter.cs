using Microsoft.AspNetCore.Builder;

namespace TransferPipeline.Hosting.WebConsole;

/// <summary>
/// Drops from each request's Cookie header every cookie named <c>__Host-</c> in other letter case (<c>__HOST-tp-session</c>).
/// ASP.NET looks cookies up ignoring case, so such a cookie would be read as the console's own; and a browser that matches the
/// prefix case-sensitively (older ones did) takes it from a neighbouring host with a Domain, which the exact prefix forbids.
/// The console's cookies are named with the exact prefix (<see cref="ConsoleCookie"/>), so none of its own is dropped.
/// </summary>
internal static class PrefixedCookieFilter
{
    public static IApplicationBuilder UseExactCookiePrefixes(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Split as leniently as ASP.NET's own parser reads the header (';' or ','), so that no pair it would read slips by.
            var pairs = context.Request.Headers.Cookie.SelectMany(h => (h ?? "").Split([';', ','], StringSplitOptions.TrimEntries)).ToList();
            if (pairs.Any(IsPrefixInOtherCase))
            {
                context.Request.Headers.Cookie = string.Join("; ", pairs.Where(p => p.Length > 0 && !IsPrefixInOtherCase(p)));
            }

            await next();
        });

    private static bool IsPrefixInOtherCase(string pair) =>
        pair.StartsWith(ConsoleCookie.HostPrefix, StringComparison.OrdinalIgnoreCase) && !pair.StartsWith(ConsoleCookie.HostPrefix, StringComparison.Ordinal);
}
