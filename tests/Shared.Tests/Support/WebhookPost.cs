using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>One POST a <see cref="WebhookReceiver"/> received, and the status it answered (0: it never answered).</summary>
public sealed record WebhookPost(DateTimeOffset ReceivedUtc, string? EventHeader, string? Signature, string? ContentType, byte[] Body, int Answer)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string Event => Json.GetProperty("event").GetString()!;

    public string Subject => Json.GetProperty("subject").GetString()!;

    /// <summary>Whether the signature header is HMAC-SHA256 of the body under <paramref name="secret"/>, computed here as a receiver would.</summary>
    public bool IsSignedWith(string secret) =>
        Signature == "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Body));

    public override string ToString() => $"{Answer} {Encoding.UTF8.GetString(Body)}";
}
