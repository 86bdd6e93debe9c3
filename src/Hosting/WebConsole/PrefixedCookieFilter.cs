using Microsoft.AspNetCore.Builder;

namespace TransferPipeline.Hosting.WebConsole;

/// <summary>
/// Keeps of each request's Cookie header only well-formed cookies (RFC 6265: a token, '=', cookie octets, optionally
/// quoted), and of those none named <c>__Host-</c> in other letter case (<c>__HOST-tp-session</c>).
/// ASP.NET's parser is lenient: after a pair it cannot read it steps one character on and reads again, so a cookie a
/// neighbouring host set as <c>a=1 __Host-tp-session=...</c> would be read as the console's own session, prefix and all;
/// and it looks names up ignoring case, while a browser that matches the prefix case-sensitively (older ones did) takes
/// <c>__HOST-...</c> from a neighbour with a Domain. A header with nothing to drop is left as it came.
/// </summary>
internal static class PrefixedCookieFilter
{
    public static IApplicationBuilder UseExactCookiePrefixes(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var pairs = context.Request.Headers.Cookie.SelectMany(h => (h ?? "").Split(';', StringSplitOptions.TrimEntries))
                .Where(p => p.Length > 0).ToList();
            var kept = pairs.Where(p => IsWellFormed(p) && !IsPrefixInOtherCase(p)).ToList();
            if (kept.Count != pairs.Count)
            {
                context.Request.Headers.Cookie = string.Join("; ", kept);
            }

            await next();
        });

    private static bool IsPrefixInOtherCase(string pair) =>
        pair.StartsWith(ConsoleCookie.HostPrefix, StringComparison.OrdinalIgnoreCase) && !pair.StartsWith(ConsoleCookie.HostPrefix, StringComparison.Ordinal);

    private static bool IsWellFormed(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || !pair.AsSpan(0, equals).ContainsOnlyTokenCharacters())
        {
            return false;
        }

        var value = pair.AsSpan(equals + 1);
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        foreach (var c in value)
        {
            // cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
            if (c is < '!' or > '~' or '"' or ',' or ';' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsOnlyTokenCharacters(this ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
