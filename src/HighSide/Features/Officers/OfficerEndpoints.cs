using Microsoft.AspNetCore.Http.HttpResults;
using TransferPipeline.HighSide.Features.Accounts;
using TransferPipeline.Hosting.Http;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>The roster over HTTP: the same services as `officer list|proposals|proposal|sign-proposal`.</summary>
internal static class OfficerEndpoints
{
    private const int MaxSignatureBytes = 16 * 1024;

    /// <summary>The Content-Type a proposal's signature is posted with.</summary>
    public const string SignatureContentType = "application/octet-stream";

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
        group.MapPost("/proposals/{id}/signatures", async Task<IResult> (string id, HttpRequest request, RosterService rosters,
            HttpContext http, CancellationToken ct) =>
        {
            // Not a type a form can send (text/plain is): another site's page cannot post a signature with the officer's cookie.
            if (!string.Equals(request.ContentType, SignatureContentType, StringComparison.OrdinalIgnoreCase))
            {
                return TypedResults.Problem($"the body must be the .minisig text with Content-Type: {SignatureContentType}",
                    statusCode: StatusCodes.Status415UnsupportedMediaType);
            }

            using var reader = new StreamReader(request.Body);
            var buffer = new char[MaxSignatureBytes];
            var length = await reader.ReadBlockAsync(buffer, ct);
            // Officer accounts alone may post here (Decide); the account names the officer it is.
            var outcome = await rosters.SignAsync(id, new string(buffer, 0, length), SignedInAccount.From(http.User)!.Officer ?? "", ct);
            return outcome.IsOk ? TypedResults.Ok(outcome.Value) : ProblemResults.From(outcome.Error);
        }).RequireAuthorization(HighSidePolicies.Decide);
        return endpoints;
    }
}
