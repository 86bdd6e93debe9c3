using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.HighSide.Features.Accounts;

namespace TransferPipeline.HighSide.Features.Docs.Pages;

/// <summary>GET /console/docs/{name}: one document rendered from Markdown; 404 for any name that is not a listed document.</summary>
[Authorize(Policy = HighSidePolicies.Read)]
internal sealed class DocumentModel(DocsLibrary library) : PageModel
{
    public DocPage Document { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? name, CancellationToken cancellationToken)
    {
        if (name is null || await library.FindAsync(name, cancellationToken) is not { } document)
        {
            return NotFound();
        }

        Document = document;
        return Page();
    }
}
