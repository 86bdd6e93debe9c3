using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.WebConsole;

namespace TransferPipeline.LowSide.Features.Users.SignIn;

/// <summary>
/// Sign-in for people: a cookie session scheme the console's pages use (the API's default scheme stays the
/// bearer token, so API callers without one still get 401, never a redirect), every page requiring a session
/// unless it allows anonymous visitors, and the failed sign-in throttle.
/// </summary>
internal static class SignInRegistration
{
    public static DaemonBuilder AddConsoleSignIn(this DaemonBuilder daemon)
    {
        // 5 failures in 15 minutes per user name and per client address (docs/lowside.md).
        daemon.Services.AddSingleton(sp => new SignInThrottle(5, TimeSpan.FromMinutes(15), sp.GetRequiredService<TimeProvider>()));
        daemon.Services.AddScoped<ConsoleSessionEvents>();
        daemon.Services.AddAuthentication().AddCookie(ConsoleSession.Scheme, cookie =>
        {
            cookie.ExpireTimeSpan = ConsoleSession.IdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/signin";
            cookie.LogoutPath = "/signout";
            cookie.AccessDeniedPath = "/forbidden";
            cookie.EventsType = typeof(ConsoleSessionEvents);
        });
        ConsoleCookie.Configure(daemon.Services.AddOptions<CookieAuthenticationOptions>(ConsoleSession.Scheme), cookie => cookie.Cookie,
            ConsoleSession.CookieName);
        daemon.Services.AddAuthorizationBuilder().AddPolicy(ConsoleSession.SignedInPolicy,
            policy => policy.AddAuthenticationSchemes(ConsoleSession.Scheme).RequireAuthenticatedUser());
        // PostConfigure: the MVC setup, registered after this, replaces the convention collection when it configures.
        daemon.Services.PostConfigure<RazorPagesOptions>(pages => pages.Conventions.AuthorizeFolder("/", ConsoleSession.SignedInPolicy));
        return daemon;
    }
}
