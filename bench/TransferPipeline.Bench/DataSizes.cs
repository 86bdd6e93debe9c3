namespace TransferPipeline.Bench;

/// <summary>The blob sizes of each data shape, the same for every run (fixed seed).</summary>
internal static class DataSizes
{
    private const long MiB = 1024 * 1024;

    public static IEnumerable<long> Of(DataShape shape, long totalBytes, int fileCount)
    {
        var random = new Random(42);
        switch (shape)
        {
            case DataShape.Big:
                yield return totalBytes;
                break;
            case DataShape.Mixed:
                for (long left = totalBytes; left > 0;)
                {
                    var next = Math.Min(left, random.NextInt64(1 * MiB, (256 * MiB) + 1));
                    left -= next;
                    yield return next;
                }

                break;
            case DataShape.Small:
                for (var i = 0; i < fileCount; i++)
                {
                    yield return random.Next(1024, (64 * 1024) + 1);
                }

                break;
            case DataShape.Tiny:
                for (var i = 0; i < fileCount; i++)
                {
                    yield return random.Next(256, (4 * 1024) + 1);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape));
        }
    }
}
