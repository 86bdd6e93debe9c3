using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// The signature a webhook POST carries when its Secret is set, documented in docs/notifications.md: HMAC-SHA256 under the
/// secret's UTF-8 bytes of the timestamp header's value, a full stop, and the exact body bytes. Signing the timestamp lets
/// a receiver refuse an old POST replayed; the notification id lets it drop a redelivered one.
/// </summary>
internal static class WebhookSignature
{
    public const string Header = "X-TransferPipeline-Signature";
    public const string TimestampHeader = "X-TransferPipeline-Timestamp";

    /// <summary><c>sha256=HEX</c> for a POST sent at <paramref name="timestamp"/> (Unix seconds) with <paramref name="body"/>.</summary>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return "sha256=" + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
