using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.Hosting.Audit;

namespace TransferPipeline.LowSide.Features.Users.SignIn;

/// <summary>POST /signout (with the anti-forgery token, like every form): ends the session.</summary>
[AllowAnonymous]
internal sealed class SignOutModel(AuditTrail audit) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.RecordAsync(Caller.From(User).Identity, "signout", User.Identity.Name ?? "", null, ct);
        }

        await HttpContext.SignOutAsync(ConsoleSession.Scheme);
        return LocalRedirect("/signin");
    }
}
