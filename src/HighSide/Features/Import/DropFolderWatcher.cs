using MassTransit;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Contracts;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Polls the drop folder for committed volumes (those with a signature) and asks for each new one to
/// be imported, once while it stays there. Volumes already in quarantine (recognised by their
/// SHA256SUMS) are skipped, so a restart does not re-import what is still lying there. Nothing on the
/// media is opened unless it is a regular file of sensible size (a FIFO would block the watcher and every
/// later import, a link to /dev/zero would be hashed forever): a hostile entry is logged and audited once,
/// skipped, and the rest of the folder is served as before. It runs in scheduler processes and looks only while this one
/// holds the scheduler lease, so several processes never ask for the same volume twice.
/// </summary>
internal sealed class DropFolderWatcher(IOptions<ImportOptions> options, IServiceProvider services, BatchRepository batches, AuditTrail audit,
    SchedulerLeaseKeeper schedulerLease, ILogger<DropFolderWatcher> logger) : BackgroundService
{
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = options.Value.DropFolder;
        if (string.IsNullOrWhiteSpace(folder))
        {
            logger.LogInformation("No Import:DropFolder configured; the drop-folder watcher is off");
            return;
        }

        Directory.CreateDirectory(folder);
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            if (!schedulerLease.IsHeld)
            {
                continue;
            }

            try
            {
                await ScanAsync(folder, stoppingToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Scanning the drop folder {Folder} failed", folder);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ScanAsync(string folder, CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var troubled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var volume in VolumeSources.Find(folder))
        {
            string? key;
            try
            {
                var (sums, hostile) = await VolumeFingerprint.SumsDigestAsync(volume, cancellationToken);
                if (hostile is not null)
                {
                    await ReportOnceAsync(troubled, volume, hostile, cancellationToken);
                    continue;
                }

                key = sums;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Media pulled out mid-scan, say: the other volumes are still served, and it is looked at again next time.
                if (troubled.Add(volume) && _reported.Add(volume))
                {
                    logger.LogWarning(ex, "Volume {Volume} in the drop folder cannot be read; skipped", volume);
                }

                continue;
            }

            if (key is null)
            {
                continue;
            }

            present.Add(key);
            if (_sent.Contains(key) || await batches.VolumeKnownAsync(key, cancellationToken))
            {
                continue;
            }

            _sent.Add(key);
            logger.LogInformation("New volume in the drop folder: {Volume}", volume);
            using var scope = services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new ImportVolume(volume), cancellationToken);
        }

        // Media taken out is forgotten, so inserting it again (after a failed copy, say) imports it again, or is reported again.
        _sent.IntersectWith(present);
        _reported.IntersectWith(troubled);
    }

    private async Task ReportOnceAsync(HashSet<string> troubled, string volume, Failure hostile, CancellationToken cancellationToken)
    {
        troubled.Add(volume);
        if (!_reported.Add(volume))
        {
            return;
        }

        logger.LogWarning("Drop folder entry {Volume} skipped, not opened [{Reason}]: {Message}", volume, hostile.Code, hostile.Message);
        await audit.RecordAsync(AuditTrail.System, "import.drop-folder-skipped", volume, new { reason = hostile.Code, message = hostile.Message },
            cancellationToken);
    }
}
