using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Http;
using TransferPipeline.Hosting.WebConsole;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// The two cookies of a sign-in: the short-lived one that says the password step is done, and the session, both set as
/// <see cref="ConsoleCookie"/> sets the consoles' cookies. A session ends after
/// Auth:IdleTimeout without a request or Auth:SessionLifetime after sign-in, and on the next request after its
/// account is disabled or reset.
/// </summary>
internal sealed class SessionCookies(IOptions<AuthOptions> auth, IOptions<HttpOptions> http, TimeProvider clock)
    : IConfigureNamedOptions<CookieAuthenticationOptions>
{
    public const string Session = "highside-session";
    public const string SecondFactor = "highside-second-factor";

    /// <summary>Between the password and the second factor.</summary>
    public static readonly TimeSpan SecondFactorLifetime = TimeSpan.FromMinutes(5);

    public void Configure(CookieAuthenticationOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name is not (Session or SecondFactor))
        {
            return;
        }

        ConsoleCookie.Apply(options.Cookie, name == Session ? "highside-session" : "highside-signin", http.Value);
        options.TimeProvider = clock;
        options.ExpireTimeSpan = name == Session ? auth.Value.IdleTimeout : SecondFactorLifetime;
        options.SlidingExpiration = name == Session;
        options.LoginPath = "/signin";
        options.AccessDeniedPath = "/signin";
        options.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<SessionValidator>().ValidateAsync(context),
            OnRedirectToLogin = context => Challenge(context, StatusCodes.Status401Unauthorized),
            OnRedirectToAccessDenied = context => Challenge(context, StatusCodes.Status403Forbidden),
        };
    }

    // A browser asking for a page is sent to sign in; anything else (the API, scripts, fetch) gets the status code.
    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var request = context.Request;
        var wantsPage = HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (wantsPage && status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
