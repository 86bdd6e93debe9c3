using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using TransferPipeline.Hosting.Http;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>What the sign-in endpoints and pages answer: problem details (with Retry-After when throttled), and the cookies they issue.</summary>
internal static class SignInResults
{
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static IResult Problem(HttpContext context, SignInService signIn, string name, Failure error)
    {
        if (error.Kind == FailureKind.RateLimited && signIn.RetryAfter(name, ClientAddress(context)) is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return ProblemResults.From(error);
    }

    /// <summary>The password step is done: a cookie for the second step only.</summary>
    public static Task PasswordAcceptedAsync(HttpContext context, AccountRecord account, TimeProvider clock) =>
        context.SignInAsync(SessionCookies.SecondFactor, SignedInAccount.Of(account, clock.GetUtcNow()).ToPrincipal(SessionCookies.SecondFactor));

    /// <summary>Both factors are done: the session, and the second-step cookie is gone.</summary>
    public static async Task SignedInAsync(HttpContext context, AccountRecord account, TimeProvider clock)
    {
        await context.SignOutAsync(SessionCookies.SecondFactor);
        await context.SignInAsync(SessionCookies.Session, SignedInAccount.Of(account, clock.GetUtcNow()).ToPrincipal(SessionCookies.Session));
    }

    public static async Task SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(SessionCookies.SecondFactor);
        await context.SignOutAsync(SessionCookies.Session);
    }

    /// <summary>The account whose password step the request's cookie proves; null without one.</summary>
    public static async Task<SignedInAccount?> PendingAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(SessionCookies.SecondFactor);
        return result.Succeeded ? SignedInAccount.From(result.Principal) : null;
    }
}
