using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Options;
using TransferPipeline.Hosting.WebConsole;

namespace TransferPipeline.HighSide.Features.Accounts;

internal static class AccountsRegistration
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AuthOptions, AuthOptionsValidator>(configuration, AuthOptions.Section);
        return services
            .AddSingleton<AccountRepository>()
            .AddSingleton<AccountService>()
            .AddSingleton<SecurityKeyRepository>()
            .AddSingleton<SecurityKeyService>()
            .AddSingleton(sp =>
            {
                var auth = sp.GetRequiredService<IOptions<AuthOptions>>().Value;
                return new SignInThrottle(auth.MaxFailedSignIns, auth.FailureWindow, sp.GetRequiredService<TimeProvider>());
            })
            .AddSingleton<TotpCodes>()
            .AddSingleton<SignInService>();
    }

    /// <summary>
    /// Every API call but /health and sign-in needs a session cookie; roles decide what it may do.
    /// </summary>
    public static DaemonBuilder AddAccountsDaemon(this DaemonBuilder daemon)
    {
        daemon.Services.AddConsoleAsset(new ConsoleAsset("securitykey.js", typeof(AccountsRegistration).Assembly,
            "TransferPipeline.HighSide.Features.Accounts.Assets.securitykey.js", "text/javascript; charset=utf-8"));
        daemon.Services.AddConsoleLink("Account", "/account", 90);
        daemon.Services.AddSingleton<SessionValidator>();
        daemon.Services.AddSingleton<SessionCookies>();
        daemon.Services.AddSingleton<IConfigureOptions<CookieAuthenticationOptions>>(sp => sp.GetRequiredService<SessionCookies>());
        daemon.Services.AddAuthentication(SessionCookies.Session)
            .AddCookie(SessionCookies.Session)
            .AddCookie(SessionCookies.SecondFactor);
        daemon.Services.AddAuthorizationBuilder()
            .AddPolicy(HighSidePolicies.Read, p => p.RequireRole(AccountRoles.Officer, AccountRoles.Operator, AccountRoles.Auditor))
            .AddPolicy(HighSidePolicies.Decide, p => p.RequireRole(AccountRoles.Officer))
            .AddPolicy(HighSidePolicies.Operate, p => p.RequireRole(AccountRoles.Operator))
            .AddPolicy(HighSidePolicies.SecondFactor, p => p.AddAuthenticationSchemes(SessionCookies.SecondFactor).RequireAuthenticatedUser());
        return daemon.RequireAuthentication();
    }
}
