using MassTransit;
using TransferPipeline.HighSide.Contracts;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Imports the volume (or media directory) a message names. A duplicated or redelivered request for a volume already in
/// quarantine copies and verifies nothing again: the import skips it, and finishes its batch if a crash stopped the assembly.
/// </summary>
internal sealed class ImportVolumeConsumer(ImportService imports, ILogger<ImportVolumeConsumer> logger) : IConsumer<ImportVolume>
{
    public async Task Consume(ConsumeContext<ImportVolume> context)
    {
        var path = context.Message.Path;
        var outcome = await imports.ImportAsync(path, context.CancellationToken);
        if (!outcome.IsOk)
        {
            logger.LogWarning("Import of {Path} failed: {Error}", path, outcome.Error);
            return;
        }

        foreach (var result in outcome.Value!.Where(r => r.AlreadyImported))
        {
            logger.LogInformation("{Path}: {Message}", path, result.Message);
        }
    }
}
