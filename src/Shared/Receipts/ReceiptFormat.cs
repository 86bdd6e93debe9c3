using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Receipts;

/// <summary>
/// The receipt on the wire: camelCase JSON with no unknown or repeated members, signed with a prehashed
/// minisign signature (FILE.minisig) whose trusted comment is exactly
/// <c>transferpipeline-receipt site:SITE created:yyyy-MM-ddTHH:mm:ssZ</c>, naming the receipt's own site and time.
/// </summary>
public static partial class ReceiptFormat
{
    public const long MaxBytes = 64L * 1024 * 1024;
    public const int MaxBlobs = 1_000_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    [GeneratedRegex("^transferpipeline-receipt site:(?<site>\\S+) created:(?<created>\\S+)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TrustedCommentPattern();

    public static byte[] Serialize(Receipt receipt) => JsonSerializer.SerializeToUtf8Bytes(receipt, Json);

    /// <exception cref="JsonException">Not a receipt.</exception>
    public static Receipt? Deserialize(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<Receipt>(utf8, Json);

    public static string TrustedComment(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return $"transferpipeline-receipt site:{receipt.SiteId} created:{UtcSecondsConverter.ToText(receipt.CreatedUtc)}";
    }

    /// <summary>Reads the site and time a trusted comment names; false when it is not a receipt's comment.</summary>
    public static bool TryParseTrustedComment(string comment, out string site, out DateTimeOffset created)
    {
        var match = TrustedCommentPattern().Match(comment ?? "");
        site = match.Success ? match.Groups["site"].Value : "";
        created = default;
        return match.Success && UtcSecondsConverter.TryParse(match.Groups["created"].Value, out created);
    }
}
