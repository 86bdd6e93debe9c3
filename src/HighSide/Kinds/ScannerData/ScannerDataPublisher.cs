using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.HighSide.Features.Scanning;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Kinds.ScannerData;

/// <summary>
/// "Publishes" scanner data by installing it in the data directory (DATA/scanner-data/NAME/DIGEST HEX), proving it usable,
/// and activating it: unpacked into a staging folder, checked, renamed into place, then recorded with its audit entry.
/// Data that is already activated is left alone, so a publish resumed after a crash does nothing twice.
/// </summary>
internal sealed class ScannerDataPublisher(
    DataDirectory data,
    IOptions<ScannerDataOptions> limits,
    BlobLocator locator,
    ScannerDataCheck check,
    ScannerDataRepository activations,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<ScannerDataPublisher> logger) : IArtifactPublisher
{
    public const string Folder = "scanner-data";

    private const string StagingFolder = ".tp-staging";

    private string Root => data.Combine(Folder);

    public void Prepare()
    {
        var staging = Path.Combine(Root, StagingFolder);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    public string PlanLine(ArtifactDescription artifact) => $"scanner-data {artifact.Name} {Target(artifact)} {artifact.Digest}";

    public async Task PublishAsync(string quarantineId, ArtifactDescription artifact, CancellationToken cancellationToken)
    {
        var target = Target(artifact);
        if (await activations.FindAsync(artifact.Name, artifact.Digest, cancellationToken) is not null && Directory.Exists(target))
        {
            return;
        }

        var packing = ScannerDataFiles.PackingOf(artifact.Name, artifact.Source)
            ?? throw new PublishException(PublishReasons.QuarantineTampered, $"scanner data from {artifact.Source} is not {ScannerDataFiles.Description}");
        var blob = await locator.FindAsync(quarantineId, artifact.Digest, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing, $"blob {artifact.Digest} of scanner data {artifact.Name} is not in quarantine");
        var hex = BatchFileNames.DigestHex(artifact.Digest);
        var staging = Path.Combine(Root, StagingFolder, $"{artifact.Name}-{hex}");
        ScannerDataVersion version;
        try
        {
            Prepare();
            Directory.CreateDirectory(staging);
            var fileName = ScannerDataFiles.FileName(artifact.Source)!;
            await ScannerDataArchive.UnpackAsync(blob, hex, fileName, packing, staging, limits.Value, cancellationToken);
            version = await check.CheckAsync(artifact.Name, staging, artifact.Digest, cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Directory.Exists(target))
            {
                // Installed by a run that stopped before it recorded the activation: installed again from the verified blob.
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
        }
        finally
        {
            Prepare();
        }

        await activations.ActivateAsync(new ActivatedScannerData(artifact.Name, artifact.Digest, target, version.DataVersion, version.DataTimeUtc,
            version.Records, quarantineId, clock.GetUtcNow()), cancellationToken);
        logger.LogInformation("Activated {Name} scanner data {DataVersion} from batch {BatchId} in {Directory}", artifact.Name,
            version.DataVersion, quarantineId, target);

        // Resolved here: the rescan goes through the gate pipeline, whose gates need the publishers' plan lines.
        var rescanned = await services.GetRequiredService<RescanService>().RescanFailedAsync(AuditTrail.System, cancellationToken);
        if (rescanned > 0)
        {
            logger.LogInformation("Scanning {Count} batch(es) again that waited for scanner data", rescanned);
        }
    }

    private string Target(ArtifactDescription artifact) =>
        ScannerDataFiles.IsName(artifact.Name)
            ? Path.Combine(Root, artifact.Name, BatchFileNames.DigestHex(artifact.Digest))
            : throw new PublishException(PublishReasons.QuarantineTampered, $"scanner data '{artifact.Name}' is not clamav or osv");
}
