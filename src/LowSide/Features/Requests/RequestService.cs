using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Kinds;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>Files and cancels requests: the one code path behind the CLI verbs, the HTTP endpoints and the console.</summary>
internal sealed class RequestService(
    RequestRepository repository, SourcePolicy policy, IGatherQueue queue, AuditTrail audit, TimeProvider timeProvider,
    ILogger<RequestService> logger)
{
    private static readonly NewRequestValidator Validator = new();
    private static readonly string[] Cancellable = [RequestStatus.Submitted, RequestStatus.Gathering, RequestStatus.Gathered, RequestStatus.Failed];

    /// <summary>Whether a request in <paramref name="status"/> can still be cancelled (unless a cut has taken it).</summary>
    public static bool IsCancellable(string status) => Cancellable.Contains(status);

    /// <summary>Files a request for <paramref name="caller"/>: the requester is who authenticated, whatever the body says.</summary>
    public async Task<Outcome<ArtifactRequest>> SubmitAsync(NewRequest input, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(caller);
        var refused = Validate(input) ?? CheckSource(input);
        if (refused is not null)
        {
            logger.LogInformation("Request refused ({Code}): {Reason}", refused.Code, refused.Message);
            await audit.RecordAsync(caller.Identity, "request.refused", input.Source ?? "", new { refused.Code, refused.Message }, ct);
            return refused;
        }

        var now = timeProvider.GetUtcNow();
        var request = new ArtifactRequest
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            Kind = input.Kind!,
            Source = input.Source!,
            Name = input.Name,
            Version = input.Version,
            Platforms = input.Platforms ?? [],
            ExpectedSha256 = input.Sha256,
            Requester = caller.Identity,
            RequesterName = caller.DisplayName,
            Justification = input.Justification!,
            Ticket = string.IsNullOrEmpty(input.Ticket) ? null : input.Ticket,
            Status = RequestStatus.Submitted,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        await repository.InsertAsync(request, ct, input.Document);
        logger.LogInformation("Request {RequestId} filed by {Requester}: {Kind} {Source}", request.Id, request.Requester, request.Kind, request.Source);
        // The display name goes with the identity: an oidc:ISSUER#SUBJECT says little to whoever reads the trail.
        await audit.RecordAsync(request.Requester, "request.submitted", request.Id, new
        {
            requesterName = caller.DisplayName,
            request.Kind,
            request.Source,
            request.Name,
            request.Version,
            request.Platforms,
            request.Justification,
            request.Ticket,
            documentSha256 = input.Document is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input.Document))),
        }, ct);
        await queue.EnqueueAsync(request.Id, ct);
        return Outcome<ArtifactRequest>.Success(request);
    }

    /// <summary>Cancels a request of <paramref name="caller"/>'s own (any request, for an operator).</summary>
    public async Task<Outcome<ArtifactRequest>> CancelAsync(string id, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var request = await repository.GetAsync(id, ct);
        if (request is null)
        {
            return RequestErrors.NotFound(id);
        }

        if (caller.Role != UserRoles.Operator && !caller.Owns(request.Requester))
        {
            await audit.RecordAsync(caller.Identity, "request.cancel-refused", id, new { owner = request.Requester }, ct);
            return RequestErrors.NotYours(id);
        }

        var (cancelled, batchId) = await repository.CancelUnlessCuttingAsync(id, id, Cancellable, null, ct);
        if (batchId is not null)
        {
            return RequestErrors.BeingCut(id, batchId);
        }

        if (!cancelled)
        {
            return RequestErrors.NotCancellable(id, request.Status);
        }

        logger.LogInformation("Request {RequestId} cancelled", id);
        await audit.RecordAsync(caller.Identity, "request.cancelled", id, new { previousStatus = request.Status }, ct);
        return Outcome<ArtifactRequest>.Success((await repository.GetAsync(id, ct))!);
    }

    private static Failure? Validate(NewRequest input)
    {
        var result = Validator.Validate(input);
        if (result.IsValid)
        {
            return null;
        }

        var first = result.Errors[0];
        var field = JsonFieldName(first.PropertyName);
        return LowSideFailure.Create(LowSideReasons.ValidationFailed, $"{field}: {first.ErrorMessage}", field);
    }

    private Failure? CheckSource(NewRequest input) => RequestKinds.Get(input.Kind!).CheckSource(input, policy);

    // "Platforms[0]" -> "platforms[0]": the name the JSON body and the error both use.
    private static string JsonFieldName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? "request" : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
