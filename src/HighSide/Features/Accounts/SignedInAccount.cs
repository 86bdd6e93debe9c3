using System.Globalization;
using System.Security.Claims;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// Who a session cookie stands for: the account, its role, the roster officer it is (officer accounts), the
/// security stamp it was issued under and when its holder signed in (for the absolute lifetime).
/// </summary>
internal sealed record SignedInAccount(string Name, string Role, string? Officer, string SecurityStamp, DateTimeOffset SignedInUtc)
{
    public string Actor => AccountClaims.Actor(Name);

    public static SignedInAccount Of(AccountRecord account, DateTimeOffset now) =>
        new(account.Name, account.Role, account.Officer, account.SecurityStamp, now);

    public static SignedInAccount? From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var name = principal.FindFirstValue(ClaimTypes.Name);
        var stamp = principal.FindFirstValue(AccountClaims.SecurityStamp);
        var signedIn = principal.FindFirstValue(AccountClaims.SignedInUtc);
        if (name is null || stamp is null || !DateTimeOffset.TryParse(signedIn, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return null;
        }

        return new SignedInAccount(name, principal.FindFirstValue(ClaimTypes.Role) ?? "", principal.FindFirstValue(AccountClaims.Officer), stamp, at);
    }

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, Name),
            new(ClaimTypes.Role, Role),
            new(AccountClaims.SecurityStamp, SecurityStamp),
            new(AccountClaims.SignedInUtc, SignedInUtc.ToString("O", CultureInfo.InvariantCulture)),
        ];
        if (Officer is not null)
        {
            claims.Add(new Claim(AccountClaims.Officer, Officer));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
