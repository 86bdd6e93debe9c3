using Microsoft.Extensions.Logging;
using TransferPipeline.Shared;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Audit;

/// <summary>
/// Every event of either side goes through here: appended to the hash-chained log, either on its own or
/// in the same transaction as the state change it records (<see cref="BeginAsync"/>), then mirrored to
/// the JSON-lines file and, where the side signs checkpoints, pinned by a signed checkpoint. Text that
/// came from outside (names, sources, paths) is made printable and bounded first: refusals are
/// recorded with what was sent, which may be hostile.
/// </summary>
public sealed class AuditTrail(SqliteDatabase database, AuditLog log, ILogger<AuditTrail> logger, IAuditCheckpointSigner? signer = null)
{
    /// <summary>The actor of what the service does by itself.</summary>
    public const string System = "system";

    private const int MaxTextLength = 512;

    public AuditLog Log => log;

    /// <summary>Records an event in a transaction of its own.</summary>
    public async Task RecordAsync(string actor, string action, string subject, object? details, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginAsync(cancellationToken);
        await transaction.RecordAsync(actor, action, subject, details, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Opens a write transaction (BEGIN IMMEDIATE) in which state changes and their audit entries
    /// commit or roll back together. Dispose without <see cref="AuditedTransaction.CommitAsync"/> rolls back.
    /// </summary>
    public async Task<AuditedTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            return new AuditedTransaction(this, connection, connection.BeginTransaction(deferred: false));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal static string Clean(string text, string fallback) =>
        DisplayText.Printable(text, MaxTextLength) is { Length: > 0 } printable ? printable : fallback;

    /// <summary>After a commit: the mirror catches up and the new head is signed.</summary>
    internal async Task CommittedAsync()
    {
        try
        {
            await log.SyncMirrorAsync(CancellationToken.None);
        }
        catch (IOException ex)
        {
            // The entry is committed in the database; only the JSON-lines mirror lags until the next append.
            logger.LogWarning(ex, "The audit mirror {Path} could not be written; it catches up at the next entry", log.MirrorPath);
        }

        if (signer is not null)
        {
            var checkpoint = await log.WriteCheckpointAsync(signer, CancellationToken.None);
            logger.LogDebug("Audit checkpoint at entry {Sequence}", checkpoint.Sequence);
        }
    }
}
