using TransferPipeline.Hosting.Http;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>/api/requests: the same operations as `lowside request ...`, through the same service.</summary>
internal static class RequestEndpoints
{
    public static IEndpointRouteBuilder MapRequestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/requests").WithTags("Requests");
        group.MapPost("/", async (NewRequest request, RequestService service, CancellationToken ct) =>
            await service.SubmitAsync(request, ct) is var outcome && outcome.IsOk
                ? Results.Created($"/api/requests/{outcome.Value!.Id}", outcome.Value)
                : ProblemResults.From(outcome.Error!))
            .WithName("SubmitRequest")
            .WithSummary("File a request for an image, file or chart")
            .ProducesValidationProblem()
            .Produces<ArtifactRequest>(StatusCodes.Status201Created);
        group.MapGet("/", (RequestService service, CancellationToken ct) => service.ListAsync(ct))
            .WithName("ListRequests");
        group.MapGet("/{id}", async (string id, RequestService service, RequestRepository repository, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { IsOk: true } found
                ? Results.Ok(new { request = found.Value, blobs = await repository.GetBlobsAsync(id, ct) })
                : ProblemResults.From(RequestErrors.NotFound(id)))
            .WithName("GetRequest");
        group.MapPost("/{id}/cancel", async (string id, RequestService service, CancellationToken ct) =>
            await service.CancelAsync(id, ct) is var outcome && outcome.IsOk
                ? Results.Ok(outcome.Value)
                : ProblemResults.From(outcome.Error!))
            .WithName("CancelRequest");
        return endpoints;
    }
}
