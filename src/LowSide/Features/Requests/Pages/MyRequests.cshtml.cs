using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.LowSide.Features.Users;

namespace TransferPipeline.LowSide.Features.Requests.Pages;

/// <summary>/requests: the signed-in user's requests (everyone's for operators and auditors), how far each got, and cancelling.</summary>
internal sealed class MyRequestsModel(RequestService requests, RequestQueries queries, RequestProgressQueries progress) : PageModel
{
    public IReadOnlyList<ArtifactRequest> Requests { get; private set; } = [];

    public IReadOnlyDictionary<string, RequestProgress> Progress { get; private set; } = new Dictionary<string, RequestProgress>();

    public Caller Caller => Caller.From(User);

    [BindProperty(SupportsGet = true)]
    public string? Filed { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cancelled { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCancelAsync(string id, CancellationToken ct)
    {
        var outcome = await requests.CancelAsync(id, Caller, ct);
        if (outcome.IsOk)
        {
            return LocalRedirect("/requests?cancelled=" + Uri.EscapeDataString(id));
        }

        Error = outcome.Error!.Message;
        Response.StatusCode = outcome.Error.Code == LowSideReasons.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Whether the page offers to cancel <paramref name="request"/>: the service decides in the end.</summary>
    public bool CanCancel(ArtifactRequest request) =>
        RequestService.IsCancellable(request.Status) && (Caller.Role == UserRoles.Operator || Caller.Owns(request.Requester));

    public static string Describe(ArtifactRequest request) => request.Kind switch
    {
        _ when request.Name is not null => $"{request.Name} {request.Version} from {request.Source}",
        _ when request.Platforms.Count > 0 => $"{request.Source} ({string.Join(", ", request.Platforms)})",
        _ => request.Source,
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        Requests = [.. (await queries.ListAsync(Caller, ct)).OrderByDescending(r => r.CreatedUtc)];
        Progress = await progress.AllAsync(ct);
    }
}
