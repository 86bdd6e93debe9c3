using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.LowSide.Features.Receipts;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Users;

namespace TransferPipeline.LowSide.Features.Batches.Pages;

/// <summary>
/// /batches, for operators and auditors: the batches cut, what waits for the next cut, the receipts imported
/// from the high side; operators cut now, as POST /api/batches/cut does, onto the configured media.
/// </summary>
[Authorize(Policy = LowSidePolicies.ReadBatches)]
internal sealed class BatchesModel(
    BatchQueries batches, RequestRepository requests, ReceiptRepository receipts, BatchCutService cutter, IAuthorizationService authorization)
    : PageModel
{
    public IReadOnlyList<BatchRecord> Batches { get; private set; } = [];

    public IReadOnlyList<ArtifactRequest> Waiting { get; private set; } = [];

    public IReadOnlyList<KeptReceipt> Receipts { get; private set; } = [];

    public bool MayCut { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Cut { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCutAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, LowSidePolicies.Operate)).Succeeded)
        {
            return Forbid();
        }

        // Never a media path from the form: the cut goes where Batches:MediaDirectory says.
        var outcome = await cutter.CutAsync(null, null, ct);
        if (outcome.IsOk)
        {
            return LocalRedirect("/batches?cut=" + Uri.EscapeDataString(outcome.Value!.Id));
        }

        Error = outcome.Error!.Message;
        Response.StatusCode = StatusCodes.Status409Conflict;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Batches = [.. (await batches.ListAsync(ct)).OrderByDescending(b => b.Sequence)];
        Waiting = await requests.ListAsync([RequestStatus.Gathered], ct);
        Receipts = [.. (await receipts.ListAsync(ct)).Reverse()];
        MayCut = (await authorization.AuthorizeAsync(User, LowSidePolicies.Operate)).Succeeded;
    }
}
