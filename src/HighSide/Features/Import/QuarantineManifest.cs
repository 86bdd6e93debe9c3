using System.Globalization;
using System.Text.Json;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Data;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// A batch's signed manifest, read back (streaming) from its first volume in quarantine: the very file
/// the verifier checked. It is used only if its SHA-256 still equals the one recorded at import, so a
/// manifest altered in quarantine is refused before anything in it is believed.
/// </summary>
internal sealed class QuarantineManifest(DataDirectory data, BatchRepository batches)
{
    public Task<Outcome<BatchManifest>> ReadAsync(BatchRecord batch, CancellationToken cancellationToken) =>
        ReadAsync(batch, async (json, ct) => await ManifestReader.ParseAsync(json, ct, data.Incoming()), cancellationToken);

    /// <summary>Its artifacts alone: the file and blob lists, most of a manifest of many files, are hashed but not held.</summary>
    public Task<Outcome<IReadOnlyList<ManifestArtifact>>> ReadArtifactsAsync(BatchRecord batch, CancellationToken cancellationToken) =>
        ReadAsync(batch, (json, ct) => ManifestArtifactsReader.ReadAsync(json, data.Incoming(), ct), cancellationToken);

    private async Task<Outcome<T>> ReadAsync<T>(BatchRecord batch, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var volumes = await batches.VolumeNumbersAsync(batch.Id, cancellationToken);
        if (volumes.Count == 0 || batch.ManifestSha256 is null)
        {
            return Tampered($"batch {batch.Id} has no verified volume in quarantine to read its manifest from");
        }

        var path = Path.Combine(data.BatchVolumes(batch.Id), volumes[0].ToString("D3", CultureInfo.InvariantCulture), BatchFileNames.Manifest);
        try
        {
            await using var file = Sha256Digest.OpenSequential(path);
            await using var hashing = new HashingReadStream(file, BatchLimits.Default.MaxManifestBytes);
            var value = await read(hashing, cancellationToken);
            var sha256 = await hashing.FinishAsync(cancellationToken);
            return sha256 == batch.ManifestSha256
                ? Outcome<T>.Success(value)
                : Tampered($"the manifest of batch {batch.Id} in quarantine was altered after it was verified "
                    + $"(sha256 {sha256}, verified {batch.ManifestSha256})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            return Tampered($"the manifest of batch {batch.Id} in quarantine can no longer be read as verified: {ex.Message}");
        }
    }

    private static Failure Tampered(string message) => new(ImportReasons.QuarantineTampered, message);
}
