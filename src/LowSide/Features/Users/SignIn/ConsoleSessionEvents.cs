using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using TransferPipeline.LowSide.Features.Users.Passwords;

namespace TransferPipeline.LowSide.Features.Users.SignIn;

/// <summary>
/// Checks a session cookie on every request: past its absolute lifetime, or its user disabled, given another role or
/// another password since sign-in, the session ends there and then (rather than when the cookie expires).
/// </summary>
internal sealed class ConsoleSessionEvents(UserRepository users, UserPasswordService passwords, TimeProvider clock) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.Principal?.FindFirstValue(ClaimTypes.Name);
        var role = context.Principal?.FindFirstValue(ClaimTypes.Role);
        var signedIn = context.Properties.Items.TryGetValue(ConsoleSession.SignedInItem, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
            ? instant
            : (DateTimeOffset?)null;
        var expired = signedIn is null || clock.GetUtcNow() - signedIn.Value > ConsoleSession.AbsoluteLifetime;
        var ct = context.HttpContext.RequestAborted;
        if (expired || name is null || await users.FindAsync(name, ct) is not { IsActive: true } user || user.Role != role
            || !context.Properties.Items.TryGetValue(ConsoleSession.PasswordStampItem, out var stamp)
            || stamp is null || stamp != await passwords.SessionStampAsync(name, ct))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleSession.Scheme);
        }
    }

    /// <summary>The ticket's properties for a new session, stamped with the instant of sign-in and the user's password stamp.</summary>
    public static AuthenticationProperties NewSession(DateTimeOffset now, string passwordStamp) => new(new Dictionary<string, string?>
    {
        [ConsoleSession.SignedInItem] = now.ToString("O", CultureInfo.InvariantCulture),
        [ConsoleSession.PasswordStampItem] = passwordStamp,
    });
}
