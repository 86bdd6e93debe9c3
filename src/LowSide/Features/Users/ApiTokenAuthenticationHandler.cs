using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TransferPipeline.LowSide.Features.Users;

/// <summary>`Authorization: Bearer tpl_...`: a local user's personal API token.</summary>
internal sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    UserService users) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer tpl_", StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var caller = await users.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        return caller is null
            ? AuthenticateResult.Fail("the API token is unknown, expired, revoked, or its user is disabled")
            : AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }
}
