using TransferPipeline.HighSide.Features.Accounts;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval.Pages;

/// <summary>
/// /console/batches/{id}/decide?decision=approve|reject[&amp;reason=...]: the statement to sign (shown, and for download pinned to
/// the audit head it was made at, so the page submits the same bytes however long the officer takes), the command to sign it
/// with, and the form that takes the signature and submits it through <see cref="ApprovalService.SubmitAsync"/>, as the API does.
/// </summary>
[Authorize(Policy = HighSidePolicies.Decide)]
internal sealed class DecideModel(ApprovalService approvals) : PageModel
{
    public string BatchId { get; private set; } = "";

    public ApprovalStatement? Statement { get; private set; }

    public Failure? Refusal { get; private set; }

    public DecisionResult? Result { get; private set; }

    public string FileName => $"{BatchId}-{Statement?.Decision}.txt";

    public async Task<IActionResult> OnGetAsync(string id, string? decision, string? reason, CancellationToken cancellationToken)
    {
        BatchId = id;
        var statement = await StatementAsync(id, decision, reason, head: null, cancellationToken);
        if (statement.IsOk)
        {
            Statement = statement.Value;
        }
        else
        {
            Refusal = statement.Error;
        }

        return Page();
    }

    /// <summary>The statement file: the bytes `highside batch statement` prints, at the audit head the page was made at.</summary>
    public async Task<IActionResult> OnGetStatementAsync(string id, string? decision, string? reason, long head, CancellationToken cancellationToken)
    {
        BatchId = id;
        var statement = await StatementAsync(id, decision, reason, head, cancellationToken);
        if (!statement.IsOk)
        {
            return NotFound(statement.Error.Message);
        }

        Statement = statement.Value;
        return File(statement.Value.Bytes, "text/plain; charset=utf-8", FileName);
    }

    public async Task<IActionResult> OnPostAsync(string id, string? decision, string? reason, long head, IFormFile? signatureFile,
        string? signatureText, CancellationToken cancellationToken)
    {
        BatchId = id;
        var statement = await StatementAsync(id, decision, reason, head, cancellationToken);
        if (!statement.IsOk)
        {
            Refusal = statement.Error;
            return Page();
        }

        Statement = statement.Value;
        var signature = await SignatureAsync(signatureFile, signatureText, cancellationToken);
        if (!signature.IsOk)
        {
            Refusal = signature.Error;
            return Page();
        }

        var outcome = await SubmitAsync(User, new DecisionRequest(id, statement.Value.Decision, statement.Value.Text, signature.Value), cancellationToken);
        if (outcome.IsOk)
        {
            Result = outcome.Value;
        }
        else
        {
            Refusal = outcome.Error;
        }

        return Page();
    }

    // The signed-in account travels with the decision: the service refuses a signature made with another officer's key.
    private Task<Outcome<DecisionResult>> SubmitAsync(ClaimsPrincipal signedIn, DecisionRequest request, CancellationToken cancellationToken)
    {
        var account = SignedInAccount.From(signedIn) ?? throw new InvalidOperationException("the decide page is reached only with a session");
        return approvals.SubmitAsync(request with { SubmittedBy = new DecisionSubmitter(account.Actor, account.Officer) }, cancellationToken);
    }

    private async Task<Outcome<ApprovalStatement>> StatementAsync(string id, string? decision, string? reason, long? head,
        CancellationToken cancellationToken)
    {
        if (!Decisions.IsKnown(decision))
        {
            return new Failure(ApprovalReasons.StatementMalformed, "choose approve or reject on the batch's page", FailureKind.Invalid);
        }

        return await approvals.StatementAsync(id, decision!, decision == Decisions.Reject ? reason : null, head, cancellationToken);
    }

    private static async Task<Outcome<string>> SignatureAsync(IFormFile? file, string? pasted, CancellationToken cancellationToken)
    {
        if (file is { Length: > 0 })
        {
            if (file.Length > DecisionRequestValidator.MaxSignatureLength)
            {
                return new Failure(ApprovalReasons.SignatureMalformed, "the uploaded file is too large to be a minisign signature", FailureKind.Invalid);
            }

            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            return await reader.ReadToEndAsync(cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(pasted))
        {
            return new Failure(ApprovalReasons.SignatureMalformed, "upload the .minisig file or paste its text", FailureKind.Invalid);
        }

        return pasted;
    }
}
