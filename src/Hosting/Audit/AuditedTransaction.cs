using System.Data.Common;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Audit;

/// <summary>
/// One audited unit of work: write through <see cref="Connection"/> and <see cref="Transaction"/>,
/// record what happened, then <see cref="CommitAsync"/> commits both with the signed checkpoint that
/// covers them, brings the audit mirror up to date, copies the entries to the audit sinks, and only then
/// runs the signals registered with <see cref="OnCommitted"/> (a message that wakes a worker must never
/// announce what was not committed).
/// </summary>
public sealed class AuditedTransaction : IAsyncDisposable
{
    private readonly AuditTrail _trail;
    private readonly List<AuditEntry> _entries = [];
    private readonly List<Func<CancellationToken, Task>> _signals = [];

    internal AuditedTransaction(AuditTrail trail, DbConnection connection, DbTransaction transaction)
    {
        _trail = trail;
        Connection = connection;
        Transaction = transaction;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    /// <summary>Appends an entry that commits with this transaction.</summary>
    public async Task RecordAsync(string actor, string action, string subject, object? details, CancellationToken cancellationToken) =>
        _entries.Add(await _trail.Log.AppendAsync(Connection, Transaction, AuditTrail.Clean(actor, AuditTrail.System), action,
            AuditTrail.Clean(subject, ""), details, cancellationToken));

    /// <summary>Runs <paramref name="signal"/> after a successful commit.</summary>
    public void OnCommitted(Func<CancellationToken, Task> signal) => _signals.Add(signal);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _trail.CommitAsync(Connection, Transaction, _entries, cancellationToken);
        foreach (var signal in _signals)
        {
            await signal(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted transaction rolls it back.
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
