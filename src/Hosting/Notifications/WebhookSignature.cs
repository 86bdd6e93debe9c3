using System.Security.Cryptography;
using System.Text;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>The signature a webhook POST carries when Notifications:Secret is set: HMAC-SHA256 of the body, as lowercase hex.</summary>
internal static class WebhookSignature
{
    public const string Header = "X-TransferPipeline-Signature";

    /// <summary><c>sha256=HEX</c>: the HMAC-SHA256 of <paramref name="body"/> (the exact bytes sent) under the secret's UTF-8 bytes.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
