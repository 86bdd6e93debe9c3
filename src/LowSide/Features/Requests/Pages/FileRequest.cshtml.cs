using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Kinds;

namespace TransferPipeline.LowSide.Features.Requests.Pages;

/// <summary>
/// /requests/new: files a request as the signed-in user through <see cref="RequestService"/>, so the rules and
/// messages are the API's (<see cref="NewRequestValidator"/>); the refusal is shown next to the field it names.
/// </summary>
[Authorize(Policy = LowSidePolicies.FileRequests)]
internal sealed class FileRequestModel(RequestService requests) : PageModel
{
    [BindProperty]
    public RequestForm Form { get; set; } = new();

    public static IReadOnlyList<string> Kinds { get; } = [.. RequestKinds.All.Select(k => k.Name)];

    /// <summary>The refusal's message, and the form field it names (the input's id).</summary>
    public (string Message, string Field)? Refusal { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await requests.SubmitAsync(Form.ToNewRequest(), Caller.From(User), ct);
        if (outcome.IsOk)
        {
            return LocalRedirect("/requests?filed=" + Uri.EscapeDataString(outcome.Value!.Id));
        }

        Refusal = (outcome.Error!.Message, RequestForm.InputFor(outcome.Error.Field));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The attributes that tie an input to the refusal when it is the field refused.</summary>
    public string? DescribedBy(string input, string hint) => Refusal?.Field == input ? "refusal " + hint : hint;

    public string? Invalid(string input) => Refusal?.Field == input ? "true" : null;
}
