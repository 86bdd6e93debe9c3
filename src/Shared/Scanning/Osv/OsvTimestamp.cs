using System.Globalization;

namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>OSV's RFC 3339 times, which may carry more fractional digits (nanoseconds) than .NET parses.</summary>
internal static class OsvTimestamp
{
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < value.Length && char.IsAsciiDigit(value[end]))
            {
                end++;
            }

            // Keep at most 7 fractional digits (100 ns ticks).
            value = value[..Math.Min(end, dot + 8)] + value[end..];
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            && value.Contains('T', StringComparison.OrdinalIgnoreCase)
            ? parsed.ToUniversalTime()
            : null;
    }
}
