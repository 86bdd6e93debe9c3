using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Kinds;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>Turns gathered requests into what the batch writer needs.</summary>
internal sealed class BatchArtifacts(RequestRepository requests)
{
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
                // A part (an image its chart needs) is shipped as part of its request.
                RequestId = request.ParentId ?? request.Id,
                Justification = request.Justification,
                Ticket = request.Ticket,
                Blobs = [.. blobs.Select(b => new BlobInput(b.Digest, b.Size))],
                Attachments = await requests.GetAttachmentsAsync(id, ct),
            });
        }

        return artifacts;
    }
}
