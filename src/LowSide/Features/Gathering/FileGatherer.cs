using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Hosting;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>Gathers a plain http(s) file.</summary>
internal sealed class FileGatherer(HttpFileDownloader downloader)
{
    public async Task<GatheredArtifact> GatherAsync(ArtifactRequest request, TransferProgress progress, CancellationToken ct)
    {
        var stored = await downloader.DownloadAsync(new Uri(request.Source), request.ExpectedSha256, progress, ct);
        return new GatheredArtifact(stored.Digest, null, [new RequestBlob(stored.Digest, stored.Size)]);
    }
}
