namespace TransferPipeline.LowSide.Features.Users.SignIn;

/// <summary>
/// A person's session in the web console: a cookie (never accepted by the API, which keeps bearer tokens), idle
/// for at most <see cref="IdleTimeout"/> and alive for at most <see cref="AbsoluteLifetime"/> after sign-in.
/// </summary>
internal static class ConsoleSession
{
    public const string Scheme = "ConsoleCookie";
    public const string CookieName = "tp-session";

    /// <summary>The policy every console page requires unless it allows anonymous visitors: a signed-in session.</summary>
    public const string SignedInPolicy = "console-signed-in";

    /// <summary>Where the instant of sign-in is kept in the ticket: renewals (sliding expiry) keep it.</summary>
    public const string SignedInItem = "tp-signed-in-utc";

    /// <summary>Where the user's password stamp at sign-in is kept in the ticket (<c>UserPasswordService.SessionStampAsync</c>).</summary>
    public const string PasswordStampItem = "tp-password-stamp";

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(8);
}
