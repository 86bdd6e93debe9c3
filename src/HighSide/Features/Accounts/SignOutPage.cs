using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>/signout: a form post (with its anti-forgery token) ends the session and any sign-in in progress.</summary>
[AllowAnonymous]
public sealed class SignOutPage : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await SignInResults.SignOutAsync(HttpContext);
        return Redirect("/signin");
    }
}
