using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Progress;

using TransferPipeline.LowSide.Features.Gathering;

namespace TransferPipeline.LowSide.Kinds.File;

/// <summary>Gathers a plain http(s) file.</summary>
internal sealed class FileGatherer(HttpFileDownloader downloader) : IArtifactGatherer
{
    public async Task<GatheredArtifact> GatherAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct)
    {
        var stored = await downloader.DownloadAsync(new Uri(request.Source), request.ExpectedSha256, progress, ct);
        return new GatheredArtifact(stored.Digest, null, [new RequestBlob(stored.Digest, stored.Size)]);
    }
}
