using Microsoft.AspNetCore.Http.HttpResults;
using TransferPipeline.HighSide.Features.Accounts;
using TransferPipeline.Hosting.Http;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// The officers' HTTP API: the same services as `batch list|show|statement`, `approve` and `reject`. Every signed-in role
/// reads; only officers decide, and a decision must be signed with the signed-in officer's own key.
/// </summary>
internal static class ApprovalEndpoints
{
    public static IEndpointRouteBuilder MapApproval(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/batches").RequireAuthorization(HighSidePolicies.Read);
        group.MapGet("/", async (BatchQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ListAsync(ct)));
        group.MapGet("/{id}", async Task<Results<Ok<BatchDetail>, ProblemHttpResult>> (string id, BatchQueries queries, CancellationToken ct) =>
        {
            var outcome = await queries.ShowAsync(id, ct);
            return outcome.IsOk ? TypedResults.Ok(outcome.Value) : ProblemResults.From(outcome.Error);
        });
        group.MapGet("/{id}/statement", async Task<Results<ContentHttpResult, ProblemHttpResult>> (
            string id,
            string? reject,
            ApprovalService approvals,
            CancellationToken ct) =>
        {
            var outcome = await approvals.StatementAsync(id, reject is null ? Decisions.Approve : Decisions.Reject, reject, ct);
            return outcome.IsOk ? TypedResults.Text(outcome.Value.Text, "text/plain; charset=utf-8") : ProblemResults.From(outcome.Error);
        });
        group.MapPost("/{id}/approvals", (string id, DecisionBody body, HttpContext http, ApprovalService approvals, CancellationToken ct) =>
            SubmitAsync(approvals, id, Decisions.Approve, body, http, ct)).RequireAuthorization(HighSidePolicies.Decide);
        group.MapPost("/{id}/rejections", (string id, DecisionBody body, HttpContext http, ApprovalService approvals, CancellationToken ct) =>
            SubmitAsync(approvals, id, Decisions.Reject, body, http, ct)).RequireAuthorization(HighSidePolicies.Decide);
        return endpoints;
    }

    private static async Task<Results<Ok<DecisionResult>, ProblemHttpResult>> SubmitAsync(ApprovalService approvals, string id, string decision,
        DecisionBody body, HttpContext http, CancellationToken ct)
    {
        var account = SignedInAccount.From(http.User)!;
        var outcome = await approvals.SubmitAsync(new DecisionRequest(id, decision, body.Statement ?? "", body.Signature ?? "",
            new DecisionSubmitter(account.Actor, account.Officer)), ct);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value) : ProblemResults.From(outcome.Error);
    }
}
