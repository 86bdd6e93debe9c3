using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>
/// The roster document's bytes, which officers sign: indented camelCase JSON with a trailing newline,
/// no unknown or repeated members, at most 1 MiB; and the minisign trusted comment that goes with it.
/// </summary>
internal static class RosterFormat
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
    };

    public static byte[] Serialize(RosterDocument document)
    {
        var text = JsonSerializer.Serialize(document, Json).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        return Encoding.UTF8.GetBytes(text);
    }

    /// <exception cref="FormatException">Not a roster document as <see cref="Serialize"/> writes it.</exception>
    public static RosterDocument Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            throw new FormatException($"a roster document is at most {MaxBytes} bytes");
        }

        RosterDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RosterDocument>(bytes, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a roster document: {ex.Message}", ex);
        }

        // The signed bytes must be exactly the ones this format writes, so two texts never mean one roster.
        return document is not null && Serialize(document).AsSpan().SequenceEqual(bytes)
            ? document
            : throw new FormatException("not a roster document as the high side writes it");
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string TrustedComment(RosterDocument document, string sha256) =>
        string.Create(CultureInfo.InvariantCulture,
            $"transferpipeline-roster site:{document.SiteId} version:{document.Version} sha256:{sha256}");
}
