namespace TransferPipeline.HighSide.Pipeline;

/// <summary>
/// Wakes the next step of a batch once its state is committed: in the daemon through messages on the bus,
/// in a CLI command at once in the same process. The database holds the truth; a lost signal is made up
/// for at the next start (the daemon's start-up recovery).
/// </summary>
internal interface IBatchSignals
{
    /// <summary>The batch is verified: the gates may take it.</summary>
    Task BatchVerifiedAsync(string batchId, CancellationToken cancellationToken);

    /// <summary>The batch passed every gate: it may be published.</summary>
    Task BatchClearedAsync(string batchId, CancellationToken cancellationToken);
}
