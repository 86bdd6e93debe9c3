namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>The `Auth` section: session lifetimes, sign-in throttling, and the WebAuthn relying party.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>A session ends after this long without a request.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>A session ends this long after sign-in, however busy.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Failed sign-ins per account, and per client address, within <see cref="FailureWindow"/> before the next is refused.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    public WebAuthnOptions WebAuthn { get; set; } = new();
}
