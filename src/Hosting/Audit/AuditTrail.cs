using System.Data.Common;
using Microsoft.Extensions.Logging;
using TransferPipeline.Shared;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Audit;

/// <summary>
/// Every event of either side goes through here: appended to the hash-chained log, either on its own or
/// in the same transaction as the state change it records (<see cref="BeginAsync"/>), pinned by a signed
/// checkpoint in that same transaction where the side signs checkpoints, then, after the commit, mirrored
/// to the JSON-lines files and handed to the audit sinks (syslog). Text that came from outside (names,
/// sources, paths) is made printable and bounded first: refusals are recorded with what was sent, which
/// may be hostile.
/// </summary>
public sealed class AuditTrail(
    Database database,
    AuditLog log,
    IEnumerable<IAuditSink> sinks,
    ILogger<AuditTrail> logger,
    IAuditCheckpointSigner? signer = null)
{
    /// <summary>The actor of what the service does by itself.</summary>
    public const string System = "system";

    private const int MaxTextLength = 512;

    private readonly IAuditSink[] _sinks = [.. sinks];

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
        // Loads the checkpoint key (an encrypted one asks for its password) before taking the write lock,
        // rather than while other writers wait for it.
        _ = signer?.KeyId;
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            return new AuditedTransaction(this, connection, await database.BeginWriteAsync(connection, cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal static string Clean(string text, string fallback) =>
        DisplayText.Printable(text, MaxTextLength) is { Length: > 0 } printable ? printable : fallback;

    /// <summary>
    /// Commits <paramref name="transaction"/> with a signed checkpoint over the new head, so that no reader
    /// ever sees entries without the checkpoint that covers them; then the mirror catches up and the sinks
    /// get the new entries. Neither of those can fail the operation once it has committed.
    /// </summary>
    internal async Task CommitAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (signer is not null && entries.Count > 0)
        {
            var checkpoint = await log.WriteCheckpointAsync(connection, transaction, signer, cancellationToken);
            logger.LogDebug("Audit checkpoint at entry {Sequence}", checkpoint.Sequence);
        }

        transaction.Commit();
        try
        {
            await log.SyncMirrorAsync(CancellationToken.None);
        }
        catch (IOException ex)
        {
            // The entry is committed in the database; only the JSON-lines files lag until the next append.
            logger.LogWarning(ex, "The audit mirror {Path} could not be written; it catches up at the next entry", log.MirrorPath);
        }

        if (entries.Count > 0)
        {
            await SendAsync(entries);
        }
    }

    private async Task SendAsync(IReadOnlyList<AuditEntry> entries)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.SendAsync(entries, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // A sink is a copy: the entries are committed and in the mirror, so the operation stands.
                logger.LogWarning(ex, "Audit entries {First}..{Last} could not be sent to {Sink}; they are in the audit log",
                    entries[0].Sequence, entries[^1].Sequence, sink.Name);
            }
        }
    }
}
