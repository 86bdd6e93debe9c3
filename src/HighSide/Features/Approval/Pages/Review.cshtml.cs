using TransferPipeline.HighSide.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TransferPipeline.HighSide.Features.Approval.Pages;

/// <summary>GET /console/batches/{id}: the batch's review packet on one page, from the query `highside batch show` uses.</summary>
[Authorize(Policy = HighSidePolicies.Read)]
internal sealed class ReviewModel(BatchQueries queries) : PageModel
{
    public ReviewPacket Packet { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var detail = await queries.ShowAsync(id, cancellationToken);
        if (!detail.IsOk)
        {
            return NotFound();
        }

        Packet = ReviewPacket.From(detail.Value);
        return Page();
    }
}
