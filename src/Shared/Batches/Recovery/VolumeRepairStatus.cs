namespace TransferPipeline.Shared.Batches.Recovery;

/// <summary>What a repair of a volume copy came to.</summary>
public enum VolumeRepairStatus
{
    /// <summary>The manifest lists no recovery files for the volume: its verdict stands.</summary>
    NoRecoveryData,

    /// <summary>par2 repaired the copy; it still has to pass verification in full.</summary>
    Repaired,

    /// <summary>Too few recovery blocks survive (or none): the volume cannot be repaired.</summary>
    BeyondRepair,
}
