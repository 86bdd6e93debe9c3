using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Kinds;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>Turns gathered requests into what the batch writer needs.</summary>
internal sealed class BatchArtifacts(RequestRepository requests)
{
    /// <summary>The request id the manifest gives a request's artifact: a part (an image its chart needs) ships under its chart's.</summary>
    public static string ShippedRequestId(ArtifactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ParentId ?? request.Id;
    }

    /// <summary>The manifest's request id of each of <paramref name="requestIds"/>, in their order.</summary>
    public async Task<IReadOnlyList<string>> ShippedRequestIdsAsync(IReadOnlyList<string> requestIds, CancellationToken ct)
    {
        var shipped = new List<string>(requestIds.Count);
        foreach (var id in requestIds)
        {
            var request = await requests.GetAsync(id, ct) ?? throw new InvalidOperationException($"request {id} of a batch is missing");
            shipped.Add(ShippedRequestId(request));
        }

        return shipped;
    }

    public async Task<IReadOnlyList<BatchArtifactInput>> ForAsync(IReadOnlyList<string> requestIds, CancellationToken ct)
    {
        var artifacts = new List<BatchArtifactInput>(requestIds.Count);
        foreach (var id in requestIds)
        {
            var request = await requests.GetAsync(id, ct) ?? throw new InvalidOperationException($"request {id} of a batch is missing");
            var blobs = await requests.GetBlobsAsync(id, ct);
            var (name, version) = RequestKinds.Get(request.Kind).PublishedName(request);
            artifacts.Add(new BatchArtifactInput
            {
                Kind = request.Kind,
                Source = request.Source,
                Digest = request.ResolvedDigest ?? throw new InvalidOperationException($"request {id} was never gathered"),
                MediaType = request.MediaType,
                Name = name,
                Version = version,
                Requester = request.Requester,
                RequestId = ShippedRequestId(request),
                Justification = request.Justification,
                Ticket = request.Ticket,
                Blobs = [.. blobs.Select(b => new BlobInput(b.Digest, b.Size))],
                Attachments = await requests.GetAttachmentsAsync(id, ct),
            });
        }

        return artifacts;
    }
}
