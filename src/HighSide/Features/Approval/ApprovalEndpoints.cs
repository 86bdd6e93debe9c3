using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using TransferPipeline.Hosting.Http;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>The officers' HTTP API: the same services as `batch list|show|statement`, `approve` and `reject`.</summary>
internal static class ApprovalEndpoints
{
    private const int MaxSignatureBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapApproval(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/batches");
        group.MapGet("/", async (BatchQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ListAsync(ct)));
        group.MapGet("/{id}", async Task<Results<Ok<BatchDetail>, ProblemHttpResult>> (string id, BatchQueries queries, CancellationToken ct) =>
        {
            var outcome = await queries.ShowAsync(id, ct);
            return outcome.IsOk ? TypedResults.Ok(outcome.Value) : ProblemResults.From(outcome.Error);
        });
        group.MapGet("/{id}/statement", async Task<Results<Ok<string>, ProblemHttpResult>> (
            string id,
            string? reject,
            ApprovalService approvals,
            CancellationToken ct) =>
        {
            var outcome = await approvals.StatementAsync(id, reject is null ? Decisions.Approve : Decisions.Reject, reject, ct);
            return outcome.IsOk ? TypedResults.Ok(outcome.Value) : ProblemResults.From(outcome.Error);
        });
        group.MapPost("/{id}/approvals", async Task<Results<Ok<DecisionResult>, ProblemHttpResult>> (
            string id,
            HttpRequest request,
            ApprovalService approvals,
            CancellationToken ct) =>
        {
            var signature = await ReadBodyAsync(request, ct);
            var outcome = await approvals.SubmitAsync(new DecisionRequest(id, Decisions.Approve, null, signature), ct);
            return outcome.IsOk ? TypedResults.Ok(outcome.Value) : ProblemResults.From(outcome.Error);
        });
        group.MapPost("/{id}/rejections", async Task<Results<Ok<DecisionResult>, ProblemHttpResult>> (
            string id,
            RejectionBody body,
            ApprovalService approvals,
            CancellationToken ct) =>
        {
            var outcome = await approvals.SubmitAsync(new DecisionRequest(id, Decisions.Reject, body.Reason, body.Signature), ct);
            return outcome.IsOk ? TypedResults.Ok(outcome.Value) : ProblemResults.From(outcome.Error);
        });
        return endpoints;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxSignatureBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        // Anything longer is not a signature; the validator refuses the truncated text.
        return Encoding.UTF8.GetString(buffer, 0, Math.Min(total, MaxSignatureBytes + 1));
    }
}
