using System.Security.Claims;
using TransferPipeline.Shared.Identity;
using TransferPipeline.Shared;

namespace TransferPipeline.LowSide.Features.Users.Oidc;

/// <summary>
/// Who a token the provider signed stands for: identity <c>oidc:ISSUER#SUBJECT</c> (the configured issuer,
/// which the token's <c>iss</c> was checked against), a name to show, and the role the mapping grants.
/// A caller the mapping grants no role is authenticated without one, and every API call refuses them (403).
/// </summary>
internal sealed class OidcCallers(OidcOptions options)
{
    private const string SubjectClaim = "sub";
    private const string UsernameClaim = "preferred_username";
    private const int MaxDisplayName = 128;

    private readonly OidcRoleMapping _roles = OidcRoleMapping.From(options);

    /// <summary>The principal for a validated token, or why the token cannot stand for anyone.</summary>
    public (ClaimsPrincipal? Principal, string? Refusal) Resolve(ClaimsPrincipal token, string scheme)
    {
        ArgumentNullException.ThrowIfNull(token);
        var subject = token.FindFirstValue(SubjectClaim);
        if (string.IsNullOrWhiteSpace(subject))
        {
            return (null, "the token has no 'sub' claim");
        }

        var identity = RequesterIdentity.ForOidcSubject(options.Issuer!, subject);
        if (!RequesterIdentity.IsWellFormed(identity))
        {
            return (null, $"the token's subject does not make an identity of at most {RequesterIdentity.MaxLength} printable characters");
        }

        var shown = First(token, options.NameClaim) ?? First(token, UsernameClaim) ?? subject;
        var role = _roles.RoleOf([.. token.FindAll(options.RoleClaim).Select(c => c.Value)]);
        var name = DisplayText.Printable(shown, MaxDisplayName);
        return (role is null ? Caller.WithoutRole(identity, name, scheme) : new Caller(identity, name, role).ToPrincipal(scheme), null);
    }

    private static string? First(ClaimsPrincipal token, string claim) => token.FindFirstValue(claim) is { Length: > 0 } value ? value : null;
}
