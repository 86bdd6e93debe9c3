using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;

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
            var (name, version) = NameAndVersion(request);
            artifacts.Add(new BatchArtifactInput
            {
                Kind = request.Kind,
                Source = request.Source,
                Digest = request.ResolvedDigest ?? throw new InvalidOperationException($"request {id} was never gathered"),
                MediaType = request.MediaType,
                Name = name,
                Version = version,
                Requester = request.Requester,
                RequestId = request.Id,
                Justification = request.Justification,
                Ticket = request.Ticket,
                Blobs = [.. blobs.Select(b => new BlobInput(b.Digest, b.Size))],
            });
        }

        return artifacts;
    }

    private static (string Name, string? Version) NameAndVersion(ArtifactRequest request)
    {
        switch (request.Kind)
        {
            case ArtifactKinds.Image:
                var reference = ImageReference.Parse(request.Source);
                return (reference.Repository, reference.Tag ?? reference.Digest?.Hex[..12]);
            case ArtifactKinds.Chart:
                return (request.Name!, request.Version);
            default:
                var segment = Uri.UnescapeDataString(new Uri(request.Source).Segments.LastOrDefault() ?? "").Trim('/');
                return (segment.Length == 0 ? "file" : segment, null);
        }
    }
}
