using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TransferPipeline.LowSide.Features.Users;

/// <summary>`Authorization: Bearer tpl_...`: a local user's personal API token.</summary>
internal sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    UserService users) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>Whether an Authorization header carries a personal API token (rather than, say, a token from the identity provider).</summary>
    public static bool Carries(string authorization) =>
        authorization.StartsWith("Bearer " + UserService.TokenPrefix, StringComparison.Ordinal);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!Carries(header))
        {
            return AuthenticateResult.NoResult();
        }

        var caller = await users.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        return caller is null
            ? AuthenticateResult.Fail("the API token is unknown, expired, revoked, or its user is disabled")
            : AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }
}
