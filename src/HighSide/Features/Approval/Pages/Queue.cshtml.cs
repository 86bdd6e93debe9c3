using TransferPipeline.HighSide.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TransferPipeline.HighSide.Features.Approval.Pages;

/// <summary>GET /console/batches: the batches awaiting a decision, those on their way, and recent final ones.</summary>
[Authorize(Policy = HighSidePolicies.Read)]
internal sealed class QueueModel(BatchQueries queries) : PageModel
{
    public BatchQueue Queue { get; private set; } = new([], [], []);

    public async Task OnGetAsync(CancellationToken cancellationToken) => Queue = BatchQueue.From(await queries.ListAsync(cancellationToken));
}
