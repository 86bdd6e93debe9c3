using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>Import's failures that are about the high side's own disk, not the batch: nothing is refused, the import can be run again.</summary>
internal static class ImportErrors
{
    public static Failure InsufficientSpace(string message) => new(ImportReasons.InsufficientSpace, message, FailureKind.InsufficientStorage);

    public static Failure DiskFilled(string volume, IOException ex) =>
        InsufficientSpace($"the disk under quarantine filled up while importing {volume} ({ex.Message}); the partial copy and any "
            + "half-written blob were removed and the volumes already in quarantine kept: free space and run the same import again");
}
