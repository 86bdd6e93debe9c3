namespace TransferPipeline.HighSide.Contracts;

/// <summary>A batch is complete and verified in quarantine and rests in `verified` until the gates take it.</summary>
public sealed record BatchVerified(string BatchId);
