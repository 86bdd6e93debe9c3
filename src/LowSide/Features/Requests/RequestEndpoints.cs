using TransferPipeline.LowSide.Errors;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>/api/requests: the same operations as `lowside request ...`, through the same service.</summary>
internal static class RequestEndpoints
{
    public static IEndpointRouteBuilder MapRequestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/requests").WithTags("Requests");
        group.MapPost("/", async (NewRequest request, RequestService service, CancellationToken ct) =>
            await service.SubmitAsync(request, ct) is var outcome && outcome.IsSuccess
                ? Results.Created($"/api/requests/{outcome.Value!.Id}", outcome.Value)
                : ErrorMapping.ToProblem(outcome.Error!))
            .WithName("SubmitRequest")
            .WithSummary("File a request for an image, file or chart")
            .ProducesValidationProblem()
            .Produces<ArtifactRequest>(StatusCodes.Status201Created);
        group.MapGet("/", (RequestService service, CancellationToken ct) => service.ListAsync(ct))
            .WithName("ListRequests");
        group.MapGet("/{id}", async (string id, RequestService service, RequestRepository repository, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { IsSuccess: true } found
                ? Results.Ok(new { request = found.Value, blobs = await repository.GetBlobsAsync(id, ct) })
                : ErrorMapping.ToProblem(RequestErrors.NotFound(id)))
            .WithName("GetRequest");
        group.MapPost("/{id}/cancel", async (string id, RequestService service, CancellationToken ct) =>
            await service.CancelAsync(id, ct) is var outcome && outcome.IsSuccess
                ? Results.Ok(outcome.Value)
                : ErrorMapping.ToProblem(outcome.Error!))
            .WithName("CancelRequest");
        return endpoints;
    }
}
