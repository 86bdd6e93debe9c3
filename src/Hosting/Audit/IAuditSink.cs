using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Audit;

/// <summary>
/// Somewhere committed audit entries are copied to, beside the database and its JSON-lines mirror: a
/// copy outside the keeper's reach (a log host through syslog). Registered in DI; <see cref="AuditTrail"/>
/// hands every sink the entries of each commit.
/// </summary>
public interface IAuditSink
{
    /// <summary>For the operator, in the warning when a send fails: e.g. <c>syslog udp://loghost:514</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Sends the entries of one commit, in sequence order. A sink that is switched off returns at once.
    /// May throw: the trail logs the failure as a warning and the operation stands, its entries committed.
    /// </summary>
    Task SendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);
}
