using MassTransit;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Contracts;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Imports the volume a message names. A duplicated or redelivered request for a volume already in quarantine (recognised
/// by the SHA-256 of its SHA256SUMS, as the drop-folder watcher recognises it) copies and verifies nothing again.
/// </summary>
internal sealed class ImportVolumeConsumer(ImportService imports, BatchRepository batches, ILogger<ImportVolumeConsumer> logger)
    : IConsumer<ImportVolume>
{
    public async Task Consume(ConsumeContext<ImportVolume> context)
    {
        var path = context.Message.Path;
        if (await ImportedAlreadyAsync(path, context.CancellationToken))
        {
            logger.LogInformation("Volume {Path} is already in quarantine; nothing to do", path);
            return;
        }

        var outcome = await imports.ImportAsync(path, context.CancellationToken);
        if (!outcome.IsOk)
        {
            logger.LogWarning("Import of {Path} failed: {Error}", path, outcome.Error);
        }
    }

    // Anything odd about the volume (unreadable, hostile, not committed) is left to the import, which refuses it with its reason.
    private async Task<bool> ImportedAlreadyAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await DropFolderWatcher.SumsDigestAsync(path, cancellationToken) is ({ } sums, null)
                && await batches.VolumeKnownAsync(sums, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
