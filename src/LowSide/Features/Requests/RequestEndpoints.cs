using System.Security.Claims;
using TransferPipeline.Hosting.Http;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Kinds.Deb;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>/api/requests: the same operations as `lowside request ...`, through the same services, for the authenticated caller.</summary>
internal static class RequestEndpoints
{
    public static IEndpointRouteBuilder MapRequestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/requests").WithTags("Requests");
        group.MapPost("/", async (NewRequest request, ClaimsPrincipal user, RequestService service, CancellationToken ct) =>
            await service.SubmitAsync(request, Caller.From(user), ct) is var outcome && outcome.IsOk
                ? Results.Created($"/api/requests/{outcome.Value!.Id}", outcome.Value)
                : ProblemResults.From(outcome.Error!))
            .RequireAuthorization(LowSidePolicies.FileRequests)
            .WithName("SubmitRequest")
            .WithSummary("File a request for an artifact of any kind; the requester is the caller")
            .ProducesValidationProblem()
            .Produces<ArtifactRequest>(StatusCodes.Status201Created);
        group.MapGet("/", (ClaimsPrincipal user, RequestQueries queries, CancellationToken ct) => queries.ListAsync(Caller.From(user), ct))
            .WithName("ListRequests")
            .WithSummary("The caller's requests (all of them for operators and auditors)");
        group.MapGet("/{id}", async (
                string id,
                ClaimsPrincipal user,
                RequestQueries queries,
                RequestRepository repository,
                ContentStore store,
                CancellationToken ct) =>
            await queries.GetAsync(id, Caller.From(user), ct) is var found && found.IsOk
                ? Results.Ok(new
                {
                    request = found.Value,
                    blobs = await repository.GetBlobsAsync(id, ct),
                    images = (await repository.ListPartsAsync(id, ct)).Select(RequestPartSummary.From),
                    packages = await DebSetSummary.ReadAsync(store, found.Value!, await repository.GetBlobsAsync(id, ct), ct),
                })
                : ProblemResults.From(found.Error!))
            .WithName("GetRequest");
        group.MapPost("/{id}/images", async (string id, RequestImagesChange change, ClaimsPrincipal user, RequestPartService parts,
                CancellationToken ct) =>
            await parts.ChangeImagesAsync(id, change, Caller.From(user), ct) is var outcome && outcome.IsOk
                ? Results.Ok(outcome.Value)
                : ProblemResults.From(outcome.Error!))
            .WithName("ChangeRequestImages")
            .WithSummary("Add images a chart request's chart needs, or drop some of those found; returns the request's images");
        group.MapPost("/{id}/cancel", async (string id, ClaimsPrincipal user, RequestService service, CancellationToken ct) =>
            await service.CancelAsync(id, Caller.From(user), ct) is var outcome && outcome.IsOk
                ? Results.Ok(outcome.Value)
                : ProblemResults.From(outcome.Error!))
            .WithName("CancelRequest");
        return endpoints;
    }
}
