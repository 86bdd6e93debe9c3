using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Progress;

namespace TransferPipeline.LowSide.Kinds;

/// <summary>Fetches one request's artifact into the content store, every byte checked; throws <see cref="GatherRefusedException"/> when it cannot.</summary>
internal interface IArtifactGatherer
{
    Task<GatheredArtifact> GatherAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct);
}
