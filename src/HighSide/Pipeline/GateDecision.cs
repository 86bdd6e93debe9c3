namespace TransferPipeline.HighSide.Pipeline;

/// <summary>What a gate does with a batch.</summary>
internal enum GateDecision
{
    /// <summary>The batch may go on to the next gate.</summary>
    Pass,

    /// <summary>The batch waits in the gate's hold state until something changes (a signature, a scan result).</summary>
    Hold,

    /// <summary>The batch is stopped for good in the gate's refused state.</summary>
    Refuse,
}
