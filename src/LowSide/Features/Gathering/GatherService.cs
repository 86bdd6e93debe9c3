using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Progress;
using TransferPipeline.LowSide.Kinds;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>
/// Gathers one request, or every unfinished one. Idempotent and safe across processes: a worker gathers a request only
/// under its claim (one conditional update only one process wins), renews the claim while it works and stops when it
/// loses it; a request already gathered, failed, cancelled or claimed by a live worker is left alone, and one whose
/// worker died is taken over once the claim expires (the store keeps what was complete). A permanent failure marks the
/// request failed with its reason. Only the holder of the claim records the result, so it is recorded (and audited) once.
/// </summary>
internal sealed class GatherService(
    RequestRepository repository, RequestClaims claims, RequestPartService parts, IServiceProvider services, GatheredArtifactScanner scanner,
    IProgressFactory progressFactory, AuditTrail audit, WorkerIdentity worker, ClaimedWork claimed, ILogger<GatherService> logger)
{
    private static readonly string[] Unfinished = [RequestStatus.Submitted, RequestStatus.Gathering];

    public async Task<Outcome<ArtifactRequest>> GatherAsync(string id, CancellationToken ct)
    {
        var request = await repository.GetAsync(id, ct);
        if (request is null)
        {
            return RequestErrors.NotFound(id);
        }

        if (!Unfinished.Contains(request.Status))
        {
            return Outcome<ArtifactRequest>.Success(request);
        }

        var (ran, result) = await claimed.RunAsync(claims, id, work => GatherClaimedAsync(request, work), ct);
        // Not ran: another worker holds the claim (or took it over from us); whoever holds it now finishes the request.
        return ran ? result! : Outcome<ArtifactRequest>.Success((await repository.GetAsync(id, CancellationToken.None)) ?? request);
    }

    private async Task<Outcome<ArtifactRequest>> GatherClaimedAsync(ArtifactRequest request, CancellationToken ct)
    {
        var id = request.Id;
        var progress = progressFactory.Create($"gather {id}");
        try
        {
            var gathered = await GatherKindAsync(request, progress, ct);
            progress.Complete();
            var scan = await scanner.ScanAsync(request, gathered, ct);
            if (gathered.Parts is { } found)
            {
                await GatherPartsAsync(request, found, ct);
            }

            // The result and its audit entry commit together: a worker killed in between leaves neither, so the request is
            // gathered again by whoever takes it over and audited exactly once.
            await using var completion = await audit.BeginAsync(ct);
            if (await repository.CompleteGatherAsync(completion, id, worker.Id, gathered, ct))
            {
                await completion.RecordAsync(AuditTrail.System, "request.gathered", id, new
                {
                    gathered.Digest,
                    gathered.MediaType,
                    blobs = gathered.Blobs.Count,
                    bytes = gathered.Blobs.Sum(b => b.Size),
                    scannedWith = scan?.DataVersions,
                    findings = scan?.Findings.Select(f => f.Id).Take(50).ToList(),
                    signedBy = gathered.Signature?.KeyId,
                    signature = gathered.Signature?.SignatureManifestDigest?.Value,
                    attachments = gathered.Attachments?.Count,
                }, ct);
                await completion.CommitAsync(ct);
            }
        }
        catch (Exception ex) when (IsPermanent(ex))
        {
            var reason = GatherFailureText.Describe(request, ex);
            var code = ex is GatherRefusedException refused ? refused.ReasonCode : LowSideReasons.GatherFailed;
            logger.LogWarning("Request {RequestId} failed: {Reason} [{Code}]", id, reason, code);
            await using var failure = await audit.BeginAsync(ct);
            if (await claims.FailAsync(failure, id, worker.Id, reason, code, ct))
            {
                await failure.RecordAsync(AuditTrail.System, "request.failed", id, new { reason, code }, ct);
                await failure.CommitAsync(ct);
            }
        }

        return Outcome<ArtifactRequest>.Success((await repository.GetAsync(id, ct))!);
    }

    // The parent counts as gathered only with its parts: one that fails fails the parent, so nothing goes half-gathered.
    // A part another worker is still gathering holds the parent out of batches until it is done (BatchRepository).
    private async Task GatherPartsAsync(ArtifactRequest parent, IReadOnlyList<RequestPart> found, CancellationToken ct)
    {
        foreach (var part in await parts.FileFoundAsync(parent, found, ct))
        {
            var gathered = part.Status == RequestStatus.Gathered ? part : (await GatherAsync(part.Id, ct)).Value ?? part;
            if (gathered.Status == RequestStatus.Failed)
            {
                throw new GatherRefusedException(gathered.FailureCode ?? LowSideReasons.GatherFailed,
                    $"{parent.Name} needs {part.Kind} {part.Source} ({part.Origin}), which could not be gathered: {gathered.Failure}");
            }
        }
    }

    /// <summary>Gathers every request that is submitted or was left mid-gather, one after another.</summary>
    public async Task<IReadOnlyList<ArtifactRequest>> GatherPendingAsync(CancellationToken ct)
    {
        var results = new List<ArtifactRequest>();
        foreach (var request in await repository.ListAsync(Unfinished, ct))
        {
            var outcome = await GatherAsync(request.Id, ct);
            if (outcome.Value is { } value)
            {
                results.Add(value);
            }
        }

        return results;
    }

    public Task<IReadOnlyList<ArtifactRequest>> ListUnfinishedAsync(CancellationToken ct) => repository.ListAsync(Unfinished, ct);

    private Task<GatheredArtifact> GatherKindAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct) =>
        RequestKinds.Find(request.Kind) is { } kind
            ? services.GetRequiredKeyedService<IArtifactGatherer>(kind.Name).GatherAsync(request, progress, ct)
            : throw new GatherRefusedException($"unknown kind '{request.Kind}'");

    private static bool IsPermanent(Exception ex) =>
        ex is GatherRefusedException or RegistryException or DigestMismatchException or OciFormatException
            or BlobDigestMismatchException or HttpRequestException;
}
