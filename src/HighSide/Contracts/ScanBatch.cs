namespace TransferPipeline.HighSide.Contracts;

/// <summary>Scan a batch in quarantine (again), then take it on through the gates.</summary>
public sealed record ScanBatch(string BatchId);
