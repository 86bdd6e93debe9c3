namespace TransferPipeline.HighSide.Pipeline;

/// <summary>For CLI commands: a verified batch goes through the gates at once; publishing waits for `highside publish`.</summary>
internal sealed class InlineBatchSignals(IServiceProvider services) : IBatchSignals
{
    // Resolved when needed: the pipeline's gates depend on services that themselves signal.
    public Task BatchVerifiedAsync(string batchId, CancellationToken cancellationToken) =>
        services.GetRequiredService<BatchPipeline>().AdvanceAsync(batchId, cancellationToken);

    public Task BatchClearedAsync(string batchId, CancellationToken cancellationToken) => Task.CompletedTask;
}
