using Microsoft.Data.Sqlite;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.HighSide.Features.Audit;

/// <summary>
/// Every event of the high side goes through here: appended to the hash chain (in the caller's
/// transaction when it changes state) and pinned by a checkpoint signed with the high side's key,
/// so a truncated log is detected.
/// </summary>
internal sealed class AuditTrail(AuditLog log, MinisignCheckpointSigner signer, ILogger<AuditTrail> logger)
{
    public const string System = "system";

    public AuditLog Log => log;

    public async Task RecordAsync(string actor, string action, string subject, object? details, CancellationToken cancellationToken)
    {
        await log.AppendAsync(actor, action, subject, details, cancellationToken);
        await CheckpointAsync(CancellationToken.None);
    }

    /// <summary>Appends inside the caller's transaction; call <see cref="CommittedAsync"/> after the commit.</summary>
    public Task RecordAsync(SqliteConnection connection, SqliteTransaction transaction, string actor, string action, string subject,
        object? details, CancellationToken cancellationToken) =>
        log.AppendAsync(connection, transaction, actor, action, subject, details, cancellationToken);

    public async Task CommittedAsync()
    {
        await log.SyncMirrorAsync(CancellationToken.None);
        await CheckpointAsync(CancellationToken.None);
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await log.WriteCheckpointAsync(signer, cancellationToken);
        logger.LogDebug("Audit checkpoint at entry {Sequence}", checkpoint.Sequence);
    }
}
