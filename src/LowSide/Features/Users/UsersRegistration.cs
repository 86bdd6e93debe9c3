using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.LowSide.Features.Users.Oidc;

namespace TransferPipeline.LowSide.Features.Users;

internal static class UsersRegistration
{
    public static IServiceCollection AddUsers(this IServiceCollection services) =>
        services.AddSingleton<UserRepository>().AddSingleton<UserService>();

    /// <summary>
    /// Every API call but /health is authenticated, by a personal API token or by a token from the
    /// organisation's identity provider (Auth:Oidc), and needs a role; the role decides what a caller may do.
    /// </summary>
    public static DaemonBuilder AddUsersDaemon(this DaemonBuilder daemon)
    {
        var authentication = daemon.Services.AddAuthentication(CallerAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        var oidc = authentication.AddOidc(daemon);
        authentication.AddPolicyScheme(CallerAuthentication.SchemeName, null, scheme => scheme.ForwardDefaultSelector = CallerAuthentication.SchemeFor(oidc));
        daemon.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(UserRoles.All).Build())
            .AddPolicy(LowSidePolicies.FileRequests, p => p.RequireRole(UserRoles.Requester, UserRoles.Operator))
            .AddPolicy(LowSidePolicies.ReadBatches, p => p.RequireRole(UserRoles.Operator, UserRoles.Auditor))
            .AddPolicy(LowSidePolicies.Operate, p => p.RequireRole(UserRoles.Operator));
        return daemon.RequireAuthentication();
    }
}
