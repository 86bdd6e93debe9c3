using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Site;

namespace TransferPipeline.Hosting.Backup;

/// <summary>
/// The scheduled backup (Backup:Schedule): SIDE-SITE-TIME.tar in Backup:Directory, then all but the newest Backup:Keep of
/// them deleted; each step audited, a failure logged and audited too.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class BackupJob(SiteBackup backup, DataDirectory data, IOptions<SiteOptions> site, IOptions<BackupOptions> options,
    AuditTrail audit, TimeProvider clock, ILogger<BackupJob> logger) : IJob
{
    public const string Name = "backup";

    private string Prefix => $"{data.Side.Name}-{site.Value.Id}-";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var directory = backup.ScheduledDirectory;
        var file = Path.Combine(directory, Prefix + clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".tar");
        try
        {
            OwnerOnly.CreateDirectory(directory);
            var outcome = await backup.CreateAsync(file, options.Value.IncludeContent, AuditTrail.System, cancellationToken);
            if (!outcome.IsOk)
            {
                await FailedAsync(file, outcome.Error.ToString(), cancellationToken);
                return;
            }

            logger.LogInformation("Scheduled backup {File}: {Bytes} bytes", file, outcome.Value.Bytes);
            await PruneAsync(directory, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FailedAsync(file, ex.Message, cancellationToken);
        }
    }

    private async Task FailedAsync(string file, string message, CancellationToken cancellationToken)
    {
        logger.LogError("Scheduled backup {File} failed: {Message}", file, message);
        await audit.RecordAsync(AuditTrail.System, "backup.failed", file, new { message }, cancellationToken);
    }

    private async Task PruneAsync(string directory, CancellationToken cancellationToken)
    {
        // The names end in their UTC time, so the newest sort last.
        var old = Directory.EnumerateFiles(directory, Prefix + "*.tar")
            .Order(StringComparer.Ordinal)
            .SkipLast(options.Value.Keep)
            .ToList();
        if (old.Count == 0)
        {
            return;
        }

        foreach (var file in old)
        {
            File.Delete(file);
        }

        await audit.RecordAsync(AuditTrail.System, "backup.pruned", directory,
            new { deleted = old.Select(Path.GetFileName), keep = options.Value.Keep }, cancellationToken);
    }
}
