namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// How a region of the media that fails to read is tried again: <paramref name="Attempts"/> reads in all, waiting
/// <paramref name="FirstDelay"/> after the first failure and twice as long after each next one.
/// </summary>
internal sealed record ReadRetry(int Attempts, TimeSpan FirstDelay, int RegionBytes, TimeProvider Clock)
{
    public const int DefaultRegionBytes = 64 * 1024;

    public static ReadRetry From(ImportOptions options, TimeProvider clock) =>
        new(options.ReadAttempts, options.ReadRetryDelay, DefaultRegionBytes, clock);
}
