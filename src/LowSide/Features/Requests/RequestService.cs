using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.LowSide.Kinds;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>Files, lists, shows and cancels requests: the one code path behind the CLI verbs and the HTTP endpoints.</summary>
internal sealed class RequestService(
    RequestRepository repository, SourcePolicy policy, IGatherQueue queue, AuditTrail audit, TimeProvider timeProvider,
    ILogger<RequestService> logger)
{
    private static readonly NewRequestValidator Validator = new();
    private static readonly string[] Cancellable = [RequestStatus.Submitted, RequestStatus.Gathering, RequestStatus.Gathered, RequestStatus.Failed];

    public async Task<Outcome<ArtifactRequest>> SubmitAsync(NewRequest input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var refused = Validate(input) ?? CheckSource(input);
        if (refused is not null)
        {
            logger.LogInformation("Request refused ({Code}): {Reason}", refused.Code, refused.Message);
            await audit.RecordAsync(input.Requester ?? "", "request.refused", input.Source ?? "", new { refused.Code, refused.Message }, ct);
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
            Requester = input.Requester!,
            Justification = input.Justification!,
            Ticket = string.IsNullOrEmpty(input.Ticket) ? null : input.Ticket,
            Status = RequestStatus.Submitted,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        await repository.InsertAsync(request, ct);
        logger.LogInformation("Request {RequestId} filed by {Requester}: {Kind} {Source}", request.Id, request.Requester, request.Kind, request.Source);
        await audit.RecordAsync(request.Requester, "request.submitted", request.Id,
            new { request.Kind, request.Source, request.Name, request.Version, request.Platforms, request.Justification, request.Ticket }, ct);
        await queue.EnqueueAsync(request.Id, ct);
        return Outcome<ArtifactRequest>.Success(request);
    }

    public async Task<Outcome<ArtifactRequest>> GetAsync(string id, CancellationToken ct) =>
        await repository.GetAsync(id, ct) is { } request
            ? Outcome<ArtifactRequest>.Success(request)
            : RequestErrors.NotFound(id);

    public Task<IReadOnlyList<ArtifactRequest>> ListAsync(CancellationToken ct) => repository.ListAsync(null, ct);

    public async Task<Outcome<ArtifactRequest>> CancelAsync(string id, CancellationToken ct)
    {
        var request = await repository.GetAsync(id, ct);
        if (request is null)
        {
            return RequestErrors.NotFound(id);
        }

        if (await repository.CuttingBatchOfAsync(id, ct) is { } batchId)
        {
            return RequestErrors.BeingCut(id, batchId);
        }

        if (!await repository.TransitionAsync(id, Cancellable, RequestStatus.Cancelled, null, ct))
        {
            return RequestErrors.NotCancellable(id, request.Status);
        }

        logger.LogInformation("Request {RequestId} cancelled", id);
        await audit.RecordAsync(AuditTrail.System, "request.cancelled", id, new { previousStatus = request.Status }, ct);
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
