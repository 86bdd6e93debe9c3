namespace TransferPipeline.Shared.Batches;

/// <summary>The media cannot hold the batch; nothing was written.</summary>
public sealed class InsufficientSpaceException(string directory, long neededBytes, long availableBytes)
    : IOException($"'{directory}' has {ByteSize.Format(availableBytes)} free but the batch needs {ByteSize.Format(neededBytes)}; nothing was written")
{
    /// <summary>The reason code both sides give a failure for want of disk space.</summary>
    public const string ReasonCode = "insufficient-space";

    public long NeededBytes { get; } = neededBytes;
    public long AvailableBytes { get; } = availableBytes;
}
