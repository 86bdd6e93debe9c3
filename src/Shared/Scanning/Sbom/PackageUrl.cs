using System.Text;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// A package URL (purl): <c>pkg:type/namespace/name@version?qualifiers#subpath</c>. <see cref="ToString"/> gives the
/// canonical form: lowercase type, qualifier keys sorted, and every character but the alphanumerics, <c>.-_~</c> and
/// <c>:</c> percent-encoded (so an npm scope is <c>%40scope</c> and a Debian <c>+</c> is <c>%2B</c>).
/// </summary>
/// <param name="Type">The package type, lowercase: <c>deb</c>, <c>apk</c>, <c>npm</c>, <c>pypi</c>, <c>nuget</c>.</param>
/// <param name="Namespace">Namespace segments joined with '/', decoded; null when there is none.</param>
/// <param name="Name">The package name, decoded.</param>
/// <param name="Version">The version, decoded; null when there is none.</param>
/// <param name="Qualifiers">Qualifier keys (lowercase) and decoded values; empty values are dropped.</param>
/// <param name="Subpath">Subpath segments joined with '/', decoded; null when there is none.</param>
public sealed record PackageUrl(
    string Type,
    string? Namespace,
    string Name,
    string? Version,
    IReadOnlyDictionary<string, string> Qualifiers,
    string? Subpath = null)
{
    /// <summary>The longest package URL <see cref="Parse"/> accepts.</summary>
    public const int MaxLength = 4096;

    /// <summary>Builds a package URL with the qualifiers given as pairs (null or empty values left out).</summary>
    public static PackageUrl Create(string type, string? ns, string name, string? version, params (string Key, string? Value)[] qualifiers)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in qualifiers)
        {
            if (!string.IsNullOrEmpty(value))
            {
                map[key.ToLowerInvariant()] = value;
            }
        }

        return new PackageUrl(type.ToLowerInvariant(), string.IsNullOrEmpty(ns) ? null : ns, name, version, map);
    }

    /// <summary>The value of qualifier <paramref name="key"/>, or null.</summary>
    public string? Qualifier(string key) => Qualifiers.TryGetValue(key, out var value) ? value : null;

    /// <summary>Parses <paramref name="text"/> or throws <see cref="SbomException"/> (<see cref="SbomError.InvalidPackageUrl"/>).</summary>
    public static PackageUrl Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            throw Invalid(text, $"it is longer than {MaxLength} characters");
        }

        var rest = text;
        string? subpath = null;
        var hash = rest.LastIndexOf('#');
        if (hash >= 0)
        {
            subpath = JoinSegments(rest[(hash + 1)..], text);
            rest = rest[..hash];
        }

        var qualifiers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var question = rest.LastIndexOf('?');
        if (question >= 0)
        {
            ParseQualifiers(rest[(question + 1)..], qualifiers, text);
            rest = rest[..question];
        }

        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !rest[..colon].Equals("pkg", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(text, "it does not start with 'pkg:'");
        }

        rest = rest[(colon + 1)..].TrimStart('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw Invalid(text, "it has no type and name");
        }

        var type = rest[..slash].ToLowerInvariant();
        if (!IsValidType(type))
        {
            throw Invalid(text, "its type is not letters, digits, '.', '+' or '-' starting with a letter");
        }

        rest = rest[(slash + 1)..].TrimEnd('/');
        string? version = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            version = Decode(rest[(at + 1)..], text);
            rest = rest[..at];
        }

        var lastSlash = rest.LastIndexOf('/');
        var name = Decode(rest[(lastSlash + 1)..], text);
        var ns = lastSlash < 0 ? null : JoinSegments(rest[..lastSlash], text);
        if (name.Length == 0)
        {
            throw Invalid(text, "its name is empty");
        }

        return new PackageUrl(type, ns, name, string.IsNullOrEmpty(version) ? null : version, qualifiers, subpath);
    }

    /// <summary>The canonical package URL string.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder("pkg:").Append(Type).Append('/');
        if (Namespace is not null)
        {
            foreach (var segment in Namespace.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                AppendEncoded(builder, segment).Append('/');
            }
        }

        AppendEncoded(builder, Name);
        if (!string.IsNullOrEmpty(Version))
        {
            AppendEncoded(builder.Append('@'), Version);
        }

        var separator = '?';
        foreach (var (key, value) in Qualifiers.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            AppendEncoded(builder.Append(separator).Append(key).Append('='), value);
            separator = '&';
        }

        if (!string.IsNullOrEmpty(Subpath))
        {
            builder.Append('#');
            builder.AppendJoin('/', Subpath.Split('/').Select(s => AppendEncoded(new StringBuilder(), s).ToString()));
        }

        return builder.ToString();
    }

    private static void ParseQualifiers(string text, SortedDictionary<string, string> qualifiers, string purl)
    {
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid(purl, "a qualifier has no key or no '='");
            }

            var key = pair[..equals].ToLowerInvariant();
            if (!key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') || char.IsAsciiDigit(key[0]))
            {
                throw Invalid(purl, $"qualifier key '{DisplayText.Printable(key, 40)}' is not allowed");
            }

            var value = Decode(pair[(equals + 1)..], purl);
            if (value.Length > 0 && !qualifiers.TryAdd(key, value))
            {
                throw Invalid(purl, $"qualifier '{key}' appears twice");
            }
        }
    }

    private static string? JoinSegments(string text, string purl)
    {
        var segments = text.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s is not ("." or ".."))
            .Select(s => Decode(s, purl))
            .ToArray();
        return segments.Length == 0 ? null : string.Join('/', segments);
    }

    private static bool IsValidType(string type) =>
        type.Length > 0 && char.IsAsciiLetter(type[0]) && type.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-');

    private static string Decode(string text, string purl)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return CheckPrintable(text, purl);
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                continue;
            }

            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                throw Invalid(purl, "it has a '%' not followed by two hex digits");
            }

            bytes.Add(Convert.FromHexString(text.AsSpan(i + 1, 2))[0]);
            i += 2;
        }

        try
        {
            return CheckPrintable(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. bytes]), purl);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(purl, "a percent-encoded part is not UTF-8");
        }
    }

    private static string CheckPrintable(string text, string purl) =>
        text.Any(char.IsControl) ? throw Invalid(purl, "it holds control characters") : text;

    private static StringBuilder AppendEncoded(StringBuilder builder, string value)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '.' or '-' or '_' or '~' or ':'))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder;
    }

    private static SbomException Invalid(string purl, string reason) =>
        new(SbomError.InvalidPackageUrl, $"'{DisplayText.Printable(purl, 120)}' is not a valid package URL: {reason}.");
}
