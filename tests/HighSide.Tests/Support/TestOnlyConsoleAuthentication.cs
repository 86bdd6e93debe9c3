using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Features.Accounts;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>
/// TEST ONLY: until the high side has accounts and sign-in, the console's pages are reached through this scheme, which
/// believes the header <see cref="Header"/> ("NAME ROLE"), and the read and decide policies the pages name (read: any
/// console role; decide: officer). Never registered by the product.
/// </summary>
internal sealed class TestOnlyConsoleAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "test-only-console";
    public const string Header = "X-Test-Only-User";

    public static void AddTo(IServiceCollection services)
    {
        services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, TestOnlyConsoleAuthentication>(SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(HighSidePolicies.Read, policy => policy.RequireRole([.. AccountRoles.All]))
            .AddPolicy(HighSidePolicies.Decide, policy => policy.RequireRole("officer"));
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var value) || value.ToString().Split(' ') is not [var name, var role])
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
