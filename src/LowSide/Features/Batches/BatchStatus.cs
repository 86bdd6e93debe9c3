namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>
/// cutting: sequence assigned, being written (after a crash: resumed with the same sequence);
/// shipped: every volume read back and verified; failed: written but did not verify, never reused.
/// </summary>
internal static class BatchStatus
{
    public const string Cutting = "cutting";
    public const string Shipped = "shipped";
    public const string Failed = "failed";
}
