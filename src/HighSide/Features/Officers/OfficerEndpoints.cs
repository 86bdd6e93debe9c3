using Microsoft.AspNetCore.Http.HttpResults;
using TransferPipeline.HighSide.Features.Accounts;
using TransferPipeline.Hosting.Http;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>The roster over HTTP: the same services as `officer list|proposals|proposal|sign-proposal`.</summary>
internal static class OfficerEndpoints
{
    private const int MaxSignatureBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapOfficers(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/officers").RequireAuthorization(HighSidePolicies.Read);
        group.MapGet("/", async (RosterService rosters, CancellationToken ct) =>
            await rosters.CurrentAsync(ct) is { } roster
                ? Results.Ok(new { roster.Version, roster.Sha256, roster.Threshold, roster.Officers })
                : Results.Ok(new { Version = 0 }));
        group.MapGet("/proposals", async (RosterService rosters, CancellationToken ct) => TypedResults.Ok(await rosters.ProposalsAsync(ct)));
        group.MapGet("/proposals/{id}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string id, RosterService rosters,
            CancellationToken ct) =>
        {
            var document = await rosters.DocumentAsync(id, ct);
            return document.IsOk ? TypedResults.File(document.Value, "application/json", $"roster-{id}.json") : ProblemResults.From(document.Error);
        });
        group.MapPost("/proposals/{id}/signatures", async Task<Results<Ok<RosterProposal>, ProblemHttpResult>> (string id, HttpRequest request,
            RosterService rosters, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var buffer = new char[MaxSignatureBytes];
            var length = await reader.ReadBlockAsync(buffer, ct);
            var outcome = await rosters.SignAsync(id, new string(buffer, 0, length), ct);
            return outcome.IsOk ? TypedResults.Ok(outcome.Value) : ProblemResults.From(outcome.Error);
        }).RequireAuthorization(HighSidePolicies.Decide);
        return endpoints;
    }
}
