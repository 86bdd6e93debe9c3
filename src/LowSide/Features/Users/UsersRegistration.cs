using Microsoft.AspNetCore.Authentication;
using TransferPipeline.Hosting.Daemon;

namespace TransferPipeline.LowSide.Features.Users;

internal static class UsersRegistration
{
    public static IServiceCollection AddUsers(this IServiceCollection services) =>
        services.AddSingleton<UserRepository>().AddSingleton<UserService>();

    /// <summary>Every API call but /health is authenticated: personal API tokens, and roles decide what a caller may do.</summary>
    public static DaemonBuilder AddUsersDaemon(this DaemonBuilder daemon)
    {
        daemon.Services.AddAuthentication(ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        daemon.Services.AddAuthorizationBuilder()
            .AddPolicy(LowSidePolicies.FileRequests, p => p.RequireRole(UserRoles.Requester, UserRoles.Operator))
            .AddPolicy(LowSidePolicies.ReadBatches, p => p.RequireRole(UserRoles.Operator, UserRoles.Auditor))
            .AddPolicy(LowSidePolicies.Operate, p => p.RequireRole(UserRoles.Operator));
        return daemon.RequireAuthentication();
    }
}
