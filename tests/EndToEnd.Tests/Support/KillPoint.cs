namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>Where the low side's daemon was when it was killed: batches already shipped, and requests still to gather.</summary>
internal sealed record KillPoint(int ShippedBatches, int RequestsToGather);
