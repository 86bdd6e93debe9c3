using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TransferPipeline.HighSide.Features.Accounts;

/// <summary>/account: who is signed in, and registering a security key when the site has them (Auth:WebAuthn).</summary>
[Authorize(Policy = HighSidePolicies.Read)]
public sealed class AccountPage : PageModel
{
    public string Name { get; private set; } = "";

    public string Role { get; private set; } = "";

    public string? Officer { get; private set; }

    public bool SecurityKeysEnabled { get; private set; }

    public void OnGet()
    {
        var account = SignedInAccount.From(User);
        (Name, Role, Officer) = (account?.Name ?? "", account?.Role ?? "", account?.Officer);
        SecurityKeysEnabled = HttpContext.RequestServices.GetRequiredService<SecurityKeyService>().IsEnabled;
    }
}
