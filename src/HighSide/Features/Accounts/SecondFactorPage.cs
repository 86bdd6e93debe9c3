using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.Hosting.Http;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>
/// /signin/second-factor (a code, or a security key through /assets/securitykey.js) and /account/enrol (the first
/// sign-in: the authenticator's QR code and secret, then its first code). A one-time password is replaced here.
/// </summary>
[AllowAnonymous]
public sealed class SecondFactorPage : PageModel
{
    [BindProperty]
    public string Code { get; set; } = "";

    [BindProperty]
    public string? NewPassword { get; set; }

    public string? Error { get; private set; }

    public bool MustChangePassword { get; private set; }

    public bool HasSecurityKey { get; private set; }

    public string? Secret { get; private set; }

    public string? QrCodeDataUri { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : Redirect("/signin");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await SignInResults.PendingAsync(HttpContext) is not { } pending)
        {
            return Redirect("/signin");
        }

        var signIn = HttpContext.RequestServices.GetRequiredService<SignInService>();
        var outcome = await signIn.CheckCodeAsync(pending.Name, pending.SecurityStamp, Code,
            string.IsNullOrEmpty(NewPassword) ? null : NewPassword, SignInResults.ClientAddress(HttpContext), ct);
        if (!outcome.IsOk)
        {
            Error = outcome.Error.Message;
            Response.StatusCode = ProblemResults.StatusCode(outcome.Error.Kind);
            return await LoadAsync(ct) ? Page() : Redirect("/signin");
        }

        await SignInResults.SignedInAsync(HttpContext, outcome.Value, HttpContext.RequestServices.GetRequiredService<TimeProvider>());
        return Redirect(Request.Path.StartsWithSegments("/account/enrol", StringComparison.Ordinal) ? "/account" : "/");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await SignInResults.PendingAsync(HttpContext) is not { } pending
            || await HttpContext.RequestServices.GetRequiredService<AccountRepository>().FindAsync(pending.Name, ct) is not { } account)
        {
            return false;
        }

        MustChangePassword = account.MustChangePassword;
        HasSecurityKey = await HttpContext.RequestServices.GetRequiredService<SecurityKeyService>().HasKeysAsync(account.Name, ct);
        if (!account.AsksForCode)
        {
            var enrolment = await HttpContext.RequestServices.GetRequiredService<SignInService>().StartEnrolmentAsync(pending.Name,
                pending.SecurityStamp, ct);
            Secret = enrolment.Value?.Secret;
            QrCodeDataUri = enrolment.Value is { } e ? TotpQrCode.SvgDataUri(e.ProvisioningUri) : null;
        }

        return true;
    }
}
