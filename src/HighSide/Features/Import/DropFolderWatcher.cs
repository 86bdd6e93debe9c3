using MassTransit;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Contracts;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// Polls the drop folder for committed volumes (those with a signature) and asks for each new one to
/// be imported, once while it stays there. Volumes already in quarantine (recognised by their
/// SHA256SUMS) are skipped, so a restart does not re-import what is still lying there.
/// </summary>
internal sealed class DropFolderWatcher(IOptions<ImportOptions> options, IServiceProvider services, BatchRepository batches,
    ILogger<DropFolderWatcher> logger) : BackgroundService
{
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);

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
        foreach (var volume in VolumeSources.Find(folder))
        {
            var sums = Path.Combine(volume, BatchFileNames.Sums);
            if (!File.Exists(Path.Combine(volume, BatchFileNames.Signature)) || !File.Exists(sums))
            {
                continue;
            }

            var key = (await Sha256Digest.ComputeFileAsync(sums, cancellationToken)).Sha256;
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

        // Media taken out is forgotten, so inserting it again (after a failed copy, say) imports it again.
        _sent.IntersectWith(present);
    }
}
