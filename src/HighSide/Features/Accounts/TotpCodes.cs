using OtpNet;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// RFC 6238 codes as authenticator apps make them: HMAC-SHA-1, 6 digits, 30-second steps, accepted one step
/// either side of this clock. Which step a code matched is returned, so the caller can refuse it the second time.
/// </summary>
internal sealed class TotpCodes(TimeProvider clock)
{
    public const int Digits = 6;
    public const int StepSeconds = 30;

    // 160 bits, the HMAC-SHA-1 block-size-friendly length RFC 4226 recommends.
    private const int SecretBytes = 20;

    private static readonly VerificationWindow OneStepEitherSide = new(previous: 1, future: 1);

    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(SecretBytes));

    /// <summary>The time step <paramref name="code"/> is valid for now, or null when it is valid for none near now.</summary>
    public long? MatchStep(string secret, string code)
    {
        var trimmed = code.Trim();
        if (trimmed.Length != Digits || !trimmed.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret), StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, trimmed, out var step, OneStepEitherSide) ? step : null;
    }

    /// <summary>The otpauth:// URI authenticator apps read from the QR code.</summary>
    public static string ProvisioningUri(string issuer, string account, string secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}"
        + $"&algorithm=SHA1&digits={Digits}&period={StepSeconds}";
}
