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

    /// <summary>
    /// A key id as a manifest carries it: 16 uppercase hex digits, zero-padded, from the id as minisign prints it
    /// (without leading zeros).
    /// </summary>
    public static string ManifestKeyId(string printedKeyId) => printedKeyId.PadLeft(16, '0');

    /// <summary>
    /// Whether a manifest's keyId names the key with minisign id <paramref name="printedKeyId"/>. Compared as numbers:
    /// batches written before keyId was zero-padded carry the id without leading zeros.
    /// </summary>
    public static bool NamesKey(string manifestKeyId, string printedKeyId) =>
        TryParseKeyId(manifestKeyId, out var named) && TryParseKeyId(printedKeyId, out var key) && named == key;

    /// <summary>A manifest's keyId as minisign prints it (no leading zeros), as the high side records and looks up keys.</summary>
    public static string PrintedKeyId(string manifestKeyId) =>
        TryParseKeyId(manifestKeyId, out var id) ? id.ToString("X", CultureInfo.InvariantCulture) : manifestKeyId;

    private static bool TryParseKeyId(string value, out ulong id) =>
        ulong.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id);
}
