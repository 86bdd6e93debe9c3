using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// Checks a cookie against the database on every request: the account still exists, is active, has the role,
/// officer and security stamp the cookie was issued with, and its holder signed in less than the lifetime ago.
/// Otherwise the cookie is rejected and removed, so a disabled account is signed out at its next request.
/// </summary>
internal sealed class SessionValidator(AccountRepository accounts, IOptions<AuthOptions> options, TimeProvider clock)
{
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var lifetime = context.Scheme.Name == SessionCookies.Session ? options.Value.SessionLifetime : SessionCookies.SecondFactorLifetime;
        var claimed = context.Principal is { } principal ? SignedInAccount.From(principal) : null;
        var account = claimed is null ? null : await accounts.FindAsync(claimed.Name, context.HttpContext.RequestAborted);
        var valid = claimed is not null && account is { IsActive: true }
            && account.SecurityStamp == claimed.SecurityStamp
            && account.Role == claimed.Role
            && account.Officer == claimed.Officer
            && clock.GetUtcNow() - claimed.SignedInUtc < lifetime;
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }
}
