using System.Globalization;
using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Batches;

/// <summary>Grammar of site ids, batch ids and digests: short, lowercase, safe as file names.</summary>
public static partial class BatchIdentifiers
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex SiteIdPattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex BatchIdPattern();

    [GeneratedRegex("^sha256:[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();

    [GeneratedRegex("^[0-9A-F]{1,16}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex LayoutTagPattern();

    /// <summary>
    /// The id of a site's batch: <c>&lt;siteId&gt;-&lt;sequence as at least 6 digits&gt;</c>, as the low side names it. A
    /// manifest whose batchId differs is refused, so one site's key cannot name another site's batch.
    /// </summary>
    public static string BatchIdFor(string siteId, long sequence) => string.Create(CultureInfo.InvariantCulture, $"{siteId}-{sequence:D6}");

    public static bool IsSiteId(string? value) => value is not null && SiteIdPattern().IsMatch(value);

    public static bool IsBatchId(string? value) => value is not null && BatchIdPattern().IsMatch(value);

    public static bool IsDigest(string? value) => value is not null && DigestPattern().IsMatch(value);

    public static bool IsKeyId(string? value) => value is not null && KeyIdPattern().IsMatch(value);

    public static bool IsLayoutTag(string? value) => value is not null && LayoutTagPattern().IsMatch(value);
}
