using System.Net.Http.Headers;

namespace TransferPipeline.Shared.Oci;

/// <summary>A parsed <c>WWW-Authenticate</c> challenge: <c>Bearer realm="..",service="..",scope=".."</c> or <c>Basic realm=".."</c>.</summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    /// <summary>The first Bearer challenge, else the first Basic one, else null.</summary>
    public static AuthChallenge? From(HttpHeaderValueCollection<AuthenticationHeaderValue> headers)
    {
        var challenges = headers.Select(h => new AuthChallenge(h.Scheme, ParseParameters(h.Parameter))).ToList();
        return challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);
    }

    /// <summary>Parses <c>key=value, key="quoted, value"</c> pairs; keys are case-insensitive.</summary>
    internal static Dictionary<string, string> ParseParameters(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var span = (text ?? string.Empty).AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && (span[i] == ',' || char.IsWhiteSpace(span[i])))
            {
                i++;
            }

            var keyStart = i;
            while (i < span.Length && span[i] != '=' && span[i] != ',')
            {
                i++;
            }

            var key = span[keyStart..i].Trim().ToString();
            if (i >= span.Length || span[i] != '=')
            {
                continue;
            }

            i++;
            var value = ReadValue(span, ref i);
            if (key.Length > 0)
            {
                result.TryAdd(key, value);
            }
        }

        return result;
    }

    private static string ReadValue(ReadOnlySpan<char> span, ref int i)
    {
        if (i < span.Length && span[i] == '"')
        {
            i++;
            var builder = new System.Text.StringBuilder();
            while (i < span.Length && span[i] != '"')
            {
                if (span[i] == '\\' && i + 1 < span.Length)
                {
                    i++;
                }

                builder.Append(span[i]);
                i++;
            }

            i++;
            return builder.ToString();
        }

        var start = i;
        while (i < span.Length && span[i] != ',')
        {
            i++;
        }

        return span[start..i].Trim().ToString();
    }
}
