using TransferPipeline.LowSide.Features.Users.Oidc;

namespace TransferPipeline.LowSide.Features.Users;

/// <summary>
/// The scheme every API endpoint authenticates with: it hands `Bearer tpl_...` to the personal API tokens
/// and any other bearer token to the organisation's identity provider (when Auth:Oidc is set), so both
/// work on the same endpoints.
/// </summary>
internal static class CallerAuthentication
{
    public const string SchemeName = "Caller";

    public static Func<HttpContext, string?> SchemeFor(bool oidc) => context =>
        oidc && !ApiTokenAuthenticationHandler.Carries(context.Request.Headers.Authorization.ToString())
            ? OidcBearer.SchemeName
            : ApiTokenAuthenticationHandler.SchemeName;
}
