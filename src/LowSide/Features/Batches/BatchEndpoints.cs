using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Http;

using TransferPipeline.LowSide.Features.Users;

namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>/api/batches: list and show, and a cut on demand.</summary>
internal static class BatchEndpoints
{
    public static IEndpointRouteBuilder MapBatchEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/batches").WithTags("Batches").RequireAuthorization(LowSidePolicies.ReadBatches);
        group.MapGet("/", (BatchQueries batches, CancellationToken ct) => batches.ListAsync(ct)).WithName("ListBatches");
        group.MapGet("/{id}", async (string id, BatchQueries batches, CancellationToken ct) =>
            await batches.GetAsync(id, ct) is var outcome && outcome.IsOk ? Results.Ok(outcome.Value) : ProblemResults.From(outcome.Error!))
            .WithName("GetBatch");
        group.MapPost("/cut", async (CutBatch? body, BatchCutService cutter, IOptions<BatchesOptions> options, CancellationToken ct) =>
            // Blank media is none named: the cut refuses it as it always has (validation-failed).
            body?.Media is { } media && !string.IsNullOrWhiteSpace(media) && !options.Value.AdmitsRequestedMedia(media)
                ? ProblemResults.From(BatchErrors.MediaNotAllowed(media))
                : await cutter.CutAsync(body?.Media, body?.VolumeSize, ct) is var outcome && outcome.IsOk
                    ? Results.Ok(outcome.Value)
                    : ProblemResults.From(outcome.Error!))
            .RequireAuthorization(LowSidePolicies.Operate)
            .WithName("CutBatch")
            .WithSummary("Cut the next batch now (media and volume size default to the Batches configuration)");
        return endpoints;
    }
}
