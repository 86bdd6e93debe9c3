using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// A batch's artifacts as its signed manifest in quarantine lists them, the file checked against the SHA-256 verified at
/// import. What a scan covers comes from here, not from the artifact rows: an operator who deleted a layer's row would
/// otherwise keep it from being scanned (threat 33).
/// </summary>
internal sealed class QuarantinedArtifacts(BatchRepository batches, QuarantineManifest manifests)
{
    public async Task<IReadOnlyList<ManifestArtifact>> ReadAsync(string batchId, CancellationToken cancellationToken)
    {
        var batch = await batches.FindAsync(batchId, cancellationToken)
            ?? throw new ScannerFailedException($"batch {batchId} is gone");
        var artifacts = await manifests.ReadArtifactsAsync(batch, cancellationToken);
        return artifacts.IsOk
            ? artifacts.Value
            : throw new ScannerFailedException($"the manifest of batch {batchId} cannot be read: {artifacts.Error.Message}");
    }

    /// <summary>Each artifact with its blob digests, root first.</summary>
    public static IReadOnlyList<ScannedArtifact> ToScan(IReadOnlyList<ManifestArtifact> artifacts) =>
        [.. artifacts.Select((a, i) => new ScannedArtifact(i, a.Name, a.Version, a.Kind, a.Digest, a.MediaType, [.. a.Blobs]))];
}
