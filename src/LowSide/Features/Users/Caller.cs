using System.Security.Claims;
using TransferPipeline.Shared.Identity;

namespace TransferPipeline.LowSide.Features.Users;

/// <summary>
/// Who is asking, as the low side authenticated them: the identity that goes into requests and the signed
/// manifest (<c>local:NAME</c>, <c>oidc:ISSUER#SUBJECT</c>), a name to show, and their role. On the host's
/// CLI it is the OS user running `lowside`, with the operator's powers (they hold the data directory).
/// </summary>
internal sealed record Caller(string Identity, string DisplayName, string Role)
{
    public bool SeesEverything => Role is UserRoles.Operator or UserRoles.Auditor;

    public bool Owns(string requester) => RequesterIdentity.Same(Identity, requester);

    public static Caller HostUser() => new(RequesterIdentity.ForLocalUser(Environment.UserName), Environment.UserName, UserRoles.Operator);

    public static Caller From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return new Caller(
            principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("an authenticated caller has an identity"),
            principal.FindFirstValue(ClaimTypes.Name) ?? "",
            principal.FindFirstValue(ClaimTypes.Role) ?? throw new InvalidOperationException("an authorised caller has a role"));
    }

    /// <summary>
    /// Someone authenticated who has no role here (the identity provider's groups map to none): the API's
    /// default policy wants a role, so every call refuses them (403).
    /// </summary>
    public static ClaimsPrincipal WithoutRole(string identity, string displayName, string scheme) =>
        new(new ClaimsIdentity(Who(identity, displayName), scheme));

    public ClaimsPrincipal ToPrincipal(string scheme) =>
        new(new ClaimsIdentity([.. Who(Identity, DisplayName), new Claim(ClaimTypes.Role, Role)], scheme));

    private static Claim[] Who(string identity, string displayName) => [new(ClaimTypes.NameIdentifier, identity), new(ClaimTypes.Name, displayName)];
}
