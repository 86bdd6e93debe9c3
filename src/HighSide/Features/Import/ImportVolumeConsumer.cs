using MassTransit;
using TransferPipeline.HighSide.Contracts;

namespace TransferPipeline.HighSide.Features.Import;

internal sealed class ImportVolumeConsumer(ImportService imports, ILogger<ImportVolumeConsumer> logger) : IConsumer<ImportVolume>
{
    public async Task Consume(ConsumeContext<ImportVolume> context)
    {
        var outcome = await imports.ImportAsync(context.Message.Path, context.CancellationToken);
        if (!outcome.IsOk)
        {
            logger.LogWarning("Import of {Path} failed: {Error}", context.Message.Path, outcome.Error);
        }
    }
}
