using MassTransit;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Contracts;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Infrastructure;

namespace TransferPipeline.HighSide.Hosting;

/// <summary>
/// At start the database is the truth: half-copied volumes are discarded, batches whose volumes are
/// all in are completed, incremental ones re-checked, and interrupted or approved publishes re-queued.
/// </summary>
internal sealed class StartupRecovery(DataDirectory data, BatchRepository batches, BatchAssembler assembler, IServiceProvider services,
    ILogger<StartupRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Taking the import lock discards copies left by an import that was killed.
        await (await ImportLock.AcquireAsync(data.Incoming, stoppingToken)).DisposeAsync();

        foreach (var batch in await batches.InStatesAsync([BatchStates.Assembling], stoppingToken))
        {
            var have = await batches.VolumeNumbersAsync(batch.Id, stoppingToken);
            if (have.Count == batch.VolumeCount)
            {
                logger.LogInformation("Completing batch {BatchId}, whose volumes were all imported before a restart", batch.Id);
                await assembler.CompleteAsync(batch.Id, null, stoppingToken);
            }
        }

        await assembler.RecheckWaitingAsync(stoppingToken);
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        foreach (var batch in await batches.InStatesAsync([BatchStates.Publishing, BatchStates.Approved], stoppingToken))
        {
            logger.LogInformation("Re-queueing publication of batch {BatchId} ({State})", batch.Id, batch.State);
            await bus.Publish(new PublishBatch(batch.Id), stoppingToken);
        }
    }
}
