using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.Hosting.Http;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>/signin: name and password; then the second factor, or the enrolment at the first sign-in.</summary>
[AllowAnonymous]
public sealed class SignInPage : PageModel
{
    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var signIn = HttpContext.RequestServices.GetRequiredService<SignInService>();
        var outcome = await signIn.CheckPasswordAsync(Name, Password, SignInResults.ClientAddress(HttpContext), ct);
        if (!outcome.IsOk)
        {
            Error = outcome.Error.Message;
            Response.StatusCode = ProblemResults.StatusCode(outcome.Error.Kind);
            if (outcome.Error.Kind == FailureKind.RateLimited && signIn.RetryAfter(Name, SignInResults.ClientAddress(HttpContext)) is { } wait)
            {
                Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return Page();
        }

        await SignInResults.PasswordAcceptedAsync(HttpContext, outcome.Value, HttpContext.RequestServices.GetRequiredService<TimeProvider>());
        return Redirect(outcome.Value.AsksForCode ? "/signin/second-factor" : "/account/enrol");
    }
}
