namespace TransferPipeline.Shared.Batches;

/// <summary>Where the writer reads blobs from: the low side's content-addressed store.</summary>
public interface IBlobSource
{
    /// <summary>Opens a blob for one sequential read; throws <see cref="FileNotFoundException"/> when absent.</summary>
    Stream OpenRead(string digest);
}
