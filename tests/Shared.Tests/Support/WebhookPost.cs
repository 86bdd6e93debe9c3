using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>One POST a <see cref="WebhookReceiver"/> received, and the status it answered (0: it never answered).</summary>
public sealed record WebhookPost(
    DateTimeOffset ReceivedUtc,
    string? IdHeader,
    string? EventHeader,
    string? Timestamp,
    string? Signature,
    string? ContentType,
    byte[] Body,
    int Answer)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string Id => Json.GetProperty("id").GetString()!;

    public string Event => Json.GetProperty("event").GetString()!;

    public string Subject => Json.GetProperty("subject").GetString()!;

    /// <summary>
    /// Whether the signature verifies as docs/notifications.md tells a receiver to check it, written here independently:
    /// HMAC-SHA256 under the secret of the timestamp header, ".", and the body, compared in constant time.
    /// </summary>
    public bool IsSignedWith(string secret, byte[]? body = null)
    {
        if (Timestamp is null || Signature is null || !Signature.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }

        var signed = Encoding.ASCII.GetBytes(Timestamp + ".").Concat(body ?? Body).ToArray();
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(Signature["sha256=".Length..]));
    }

    public override string ToString() => $"{Answer} {Encoding.UTF8.GetString(Body)}";
}
