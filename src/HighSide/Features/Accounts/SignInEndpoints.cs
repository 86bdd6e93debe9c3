using System.Text.Json;
using Fido2NetLib;
using Microsoft.AspNetCore.Http.HttpResults;
using TransferPipeline.Hosting.Http;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// /auth: sign-in as JSON, for the pages' security-key script and for scripts. JSON bodies only, so a cross-site form
/// cannot post here, and the cookies are SameSite=Strict. /auth/password, then /auth/code (or /auth/enrolment and a
/// first code, or a security key), then the session cookie works on the API.
/// </summary>
internal static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/auth");
        auth.MapPost("/password", PasswordAsync).AllowAnonymous();
        var second = auth.MapGroup("").RequireAuthorization(HighSidePolicies.SecondFactor);
        second.MapGet("/enrolment", EnrolmentAsync);
        second.MapPost("/code", CodeAsync);
        second.MapPost("/security-key/options", async (HttpContext http, SecurityKeyService keys, CancellationToken ct) =>
            await keys.AssertionOptionsAsync((await SignInResults.PendingAsync(http))!.Name, ct) is var options && options.IsOk
                ? Results.Content(options.Value.ToJson(), "application/json")
                : ProblemResults.From(options.Error!));
        second.MapPost("/security-key", SecurityKeyAsync);
        // JSON only, like the other sign-in steps: a form another site posts (a CORS-simple request) would sign the officer out.
        auth.MapPost("/signout", async Task<IResult> (HttpContext http) =>
        {
            if (!http.Request.HasJsonContentType())
            {
                return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
            }

            await SignInResults.SignOutAsync(http);
            return TypedResults.NoContent();
        }).AllowAnonymous();

        var account = endpoints.MapGroup("/auth/account").RequireAuthorization(HighSidePolicies.Read);
        account.MapGet("/", (HttpContext http) => TypedResults.Ok(SignedInAccount.From(http.User)));
        account.MapPost("/security-keys/options", async (HttpContext http, SecurityKeyService keys, CancellationToken ct) =>
            await keys.RegistrationOptionsAsync(http.User.Identity!.Name!, ct) is var options && options.IsOk
                ? Results.Content(options.Value.ToJson(), "application/json")
                : ProblemResults.From(options.Error!));
        account.MapPost("/security-keys", async (HttpContext http, AuthenticatorAttestationRawResponse body, SecurityKeyService keys,
            CancellationToken ct) =>
            await keys.RegisterAsync(http.User.Identity!.Name!, body, ct) is var added && added.IsOk
                ? Results.Ok(new { added = true })
                : ProblemResults.From(added.Error!));
        return endpoints;
    }

    private static async Task<IResult> PasswordAsync(HttpContext http, PasswordBody body, SignInService signIn, SecurityKeyService keys,
        TimeProvider clock, CancellationToken ct)
    {
        var name = body.Name ?? "";
        var outcome = await signIn.CheckPasswordAsync(name, body.Password ?? "", SignInResults.ClientAddress(http), ct);
        if (!outcome.IsOk)
        {
            return SignInResults.Problem(http, signIn, name, outcome.Error);
        }

        await SignInResults.PasswordAcceptedAsync(http, outcome.Value, clock);
        var account = outcome.Value;
        return TypedResults.Ok(new PasswordAccepted(account.Name, account.AsksForCode ? "code" : "enrol", await keys.HasKeysAsync(account.Name, ct),
            account.MustChangePassword));
    }

    private static async Task<Results<Ok<TotpEnrolment>, ProblemHttpResult>> EnrolmentAsync(HttpContext http, SignInService signIn,
        CancellationToken ct)
    {
        var pending = (await SignInResults.PendingAsync(http))!;
        var outcome = await signIn.StartEnrolmentAsync(pending.Name, pending.SecurityStamp, ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value) : ProblemResults.From(outcome.Error);
    }

    private static async Task<IResult> CodeAsync(HttpContext http, CodeBody body, SignInService signIn, TimeProvider clock, CancellationToken ct)
    {
        var pending = (await SignInResults.PendingAsync(http))!;
        var outcome = await signIn.CheckCodeAsync(pending.Name, pending.SecurityStamp, body.Code ?? "", body.NewPassword,
            SignInResults.ClientAddress(http), ct);
        if (!outcome.IsOk)
        {
            return SignInResults.Problem(http, signIn, pending.Name, outcome.Error);
        }

        await SignInResults.SignedInAsync(http, outcome.Value, clock);
        return TypedResults.Ok(SignedInAccount.Of(outcome.Value, clock.GetUtcNow()) with { SecurityStamp = "" });
    }

    private static async Task<IResult> SecurityKeyAsync(HttpContext http, JsonElement body, SignInService signIn, SecurityKeyService keys,
        TimeProvider clock, CancellationToken ct)
    {
        var pending = (await SignInResults.PendingAsync(http))!;
        var response = body.TryGetProperty("response", out var answer) ? answer.Deserialize<AuthenticatorAssertionRawResponse>() : null;
        var newPassword = body.TryGetProperty("newPassword", out var password) ? password.GetString() : null;
        var outcome = await signIn.CheckSecurityKeyAsync(pending.Name, pending.SecurityStamp, newPassword, SignInResults.ClientAddress(http),
            account => response is null ? Task.FromResult(false) : keys.VerifyAsync(account.Name, response, ct), ct);
        if (!outcome.IsOk)
        {
            return SignInResults.Problem(http, signIn, pending.Name, outcome.Error);
        }

        await SignInResults.SignedInAsync(http, outcome.Value, clock);
        return TypedResults.Ok(SignedInAccount.Of(outcome.Value, clock.GetUtcNow()) with { SecurityStamp = "" });
    }
}
