using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Kinds;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>
/// The parts of a request: what its artifact needs (the images of a chart), each an ordinary request of its own kind that
/// belongs to the parent, is gathered with it and is cut with it. The requester sees them and may add or drop some.
/// </summary>
internal sealed class RequestPartService(
    RequestRepository repository, SourcePolicy policy, IGatherQueue queue, AuditTrail audit, TimeProvider timeProvider)
{
    /// <summary>Most parts one request may have: a chart naming more images than this is refused.</summary>
    public const int MaxParts = 500;

    /// <summary>
    /// Files the parts gathering found for <paramref name="parent"/>, once each (a repeated gather after a crash finds the
    /// same ones). Every part must come from an allowed source: otherwise nothing is filed and the parent is refused.
    /// </summary>
    public async Task<IReadOnlyList<ArtifactRequest>> FileFoundAsync(ArtifactRequest parent, IReadOnlyList<RequestPart> found, CancellationToken ct)
    {
        if (found.Count > MaxParts)
        {
            throw new GatherRefusedException(LowSideReasons.GatherFailed, $"{parent.Name} needs {found.Count} artifacts; the limit is {MaxParts}");
        }

        foreach (var part in found)
        {
            if (Invalid(part) is { } invalid)
            {
                throw new GatherRefusedException(LowSideReasons.ValidationFailed, $"{parent.Name} needs {part.Kind} {part.Source} ({part.Origin}): {invalid}");
            }

            if (CheckSource(part) is { } refused)
            {
                throw new GatherRefusedException(LowSideReasons.SourceNotAllowed,
                    $"{parent.Name} needs {part.Kind} {part.Source} ({part.Origin}): {refused.Message}");
            }
        }

        var existing = await repository.ListPartsAsync(parent.Id, ct);
        foreach (var part in found.Where(p => !existing.Any(e => e.Source == p.Source)))
        {
            await repository.InsertAsync(NewPart(parent, part), ct);
        }

        return [.. (await repository.ListPartsAsync(parent.Id, ct)).Where(p => p.Status != RequestStatus.Cancelled)];
    }

    /// <summary>
    /// Adds a part the requester names (an image the chart needs that gathering did not find); it is gathered next. Refused
    /// once the chart is being cut or has shipped: the part would never ship.
    /// </summary>
    public async Task<Outcome<ArtifactRequest>> AddAsync(string parentId, string kind, string source, Caller caller, CancellationToken ct)
    {
        var (parent, error) = await OwnedParentAsync(parentId, caller, ct);
        if (error is not null)
        {
            return error;
        }

        var part = new RequestPart(kind, source, $"added by {caller.Identity}");
        if (Invalid(part) is { } invalid)
        {
            return LowSideFailure.Create(LowSideReasons.ValidationFailed, $"'{source}' is not a valid {kind}: {invalid}", "add");
        }

        if (CheckSource(part) is { } refused)
        {
            return refused;
        }

        if ((await repository.ListPartsAsync(parentId, ct)).FirstOrDefault(p => p.Source == source && p.Status != RequestStatus.Cancelled) is { } same)
        {
            return same;
        }

        var request = NewPart(parent!, part);
        var (inserted, cutting, parentStatus) = await repository.InsertPartUnlessCuttingAsync(request, ct);
        if (cutting is not null)
        {
            return RequestErrors.BeingCut(parentId, cutting, "changed");
        }

        if (!inserted)
        {
            return RequestErrors.NotCancellable(parentId, parentStatus ?? "gone", "changed");
        }

        await audit.RecordAsync(caller.Identity, "request.part-added", parentId, new { part = request.Id, kind, source }, ct);
        await queue.EnqueueAsync(request.Id, ct);
        return request;
    }

    /// <summary>Drops a part the requester does not want shipped; the parent is then cut without it.</summary>
    public async Task<Outcome<ArtifactRequest>> DropAsync(string parentId, string source, Caller caller, CancellationToken ct)
    {
        var (_, error) = await OwnedParentAsync(parentId, caller, ct);
        if (error is not null)
        {
            return error;
        }

        var part = (await repository.ListPartsAsync(parentId, ct)).FirstOrDefault(p => p.Source == source && p.Status != RequestStatus.Cancelled);
        if (part is null)
        {
            return LowSideFailure.Create(LowSideReasons.NotFound, $"request {parentId} has no part '{source}'", "drop");
        }

        var (dropped, batchId) = await repository.CancelUnlessCuttingAsync(part.Id, parentId,
            [RequestStatus.Submitted, RequestStatus.Gathering, RequestStatus.Gathered, RequestStatus.Failed], $"dropped by {caller.Identity}", ct);
        if (batchId is not null)
        {
            return RequestErrors.BeingCut(parentId, batchId);
        }

        if (!dropped)
        {
            return RequestErrors.NotCancellable(part.Id, part.Status);
        }

        await audit.RecordAsync(caller.Identity, "request.part-dropped", parentId, new { part = part.Id, source }, ct);
        return (await repository.GetAsync(part.Id, ct))!;
    }

    /// <summary>Adds and drops image parts in one go, stopping at the first refusal; returns the parts afterwards.</summary>
    public async Task<Outcome<IReadOnlyList<RequestPartSummary>>> ChangeImagesAsync(
        string parentId, RequestImagesChange change, Caller caller, CancellationToken ct)
    {
        foreach (var reference in change.Add ?? [])
        {
            if ((await AddAsync(parentId, Shared.Batches.ArtifactKinds.Image, reference, caller, ct)).Error is { } error)
            {
                return error;
            }
        }

        foreach (var reference in change.Drop ?? [])
        {
            if ((await DropAsync(parentId, reference, caller, ct)).Error is { } error)
            {
                return error;
            }
        }

        var (_, denied) = await OwnedParentAsync(parentId, caller, ct, allowEnded: true);
        return denied is not null
            ? denied
            : Outcome<IReadOnlyList<RequestPartSummary>>.Success([.. (await repository.ListPartsAsync(parentId, ct)).Select(RequestPartSummary.From)]);
    }

    private async Task<(ArtifactRequest? Parent, Failure? Error)> OwnedParentAsync(
        string parentId, Caller caller, CancellationToken ct, bool allowEnded = false)
    {
        var parent = await repository.GetAsync(parentId, ct);
        if (parent is null || parent.ParentId is not null)
        {
            return (null, RequestErrors.NotFound(parentId));
        }

        if (caller.Role != UserRoles.Operator && !caller.Owns(parent.Requester))
        {
            return (null, RequestErrors.NotYours(parentId));
        }

        return !allowEnded && parent.Status is RequestStatus.Shipped or RequestStatus.Cancelled
            ? (null, RequestErrors.NotCancellable(parentId, parent.Status))
            : (parent, null);
    }

    // Why the part is not a valid request of its kind (as a requester's own request is checked), or null.
    private static string? Invalid(RequestPart part)
    {
        var validation = RequestKinds.Find(part.Kind)?.Rules.Validate(new NewRequest { Kind = part.Kind, Source = part.Source, Justification = "part" });
        return validation is null ? "unknown kind" : validation.IsValid ? null : validation.Errors[0].ErrorMessage;
    }

    private Failure? CheckSource(RequestPart part) =>
        RequestKinds.Find(part.Kind) is { } kind
            ? kind.CheckSource(new NewRequest { Kind = part.Kind, Source = part.Source }, policy)
            : LowSideFailure.Create(LowSideReasons.ValidationFailed, $"unknown kind '{part.Kind}'", "kind");

    private ArtifactRequest NewPart(ArtifactRequest parent, RequestPart part)
    {
        var now = timeProvider.GetUtcNow();
        return new ArtifactRequest
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            Kind = part.Kind,
            Source = part.Source,
            Requester = parent.Requester,
            RequesterName = parent.RequesterName,
            Justification = parent.Justification,
            Ticket = parent.Ticket,
            Status = RequestStatus.Submitted,
            ParentId = parent.Id,
            Origin = part.Origin,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
    }
}
