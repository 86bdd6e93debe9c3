namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>What a worker's request to scan a batch came to.</summary>
internal enum ScanAttempt
{
    /// <summary>Scanned now, under the batch's claim.</summary>
    Scanned,

    /// <summary>A result was stored already (a duplicated or redelivered request): nothing scanned again.</summary>
    AlreadyScanned,

    /// <summary>Another worker holds the batch's claim: left to it.</summary>
    HeldByAnotherWorker,
}
