using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared;

namespace TransferPipeline.LowSide.Features.Batches;

internal static class BatchErrors
{
    public static Failure NothingToShip() =>
        LowSideFailure.Create(LowSideReasons.NothingToShip, "nothing to ship: no gathered artifact is waiting; nothing was written");

    public static Failure CutInProgress() =>
        LowSideFailure.Create(LowSideReasons.CutInProgress, "another process is cutting a batch (it holds the cut lease); nothing was written");

    public static Failure NoMedia() =>
        LowSideFailure.Create(LowSideReasons.ValidationFailed, "media: pass --media DIR or set Batches:MediaDirectory", "media");

    public static Failure MediaNotAllowed(string media) =>
        LowSideFailure.Create(LowSideReasons.MediaNotAllowed,
            $"media: a cut over HTTP writes only to Batches:MediaDirectory or under one of Batches:MediaRoots, not '{DisplayText.Printable(media)}'; "
            + "nothing was written", "media");

    public static Failure BadVolumeSize(string value) =>
        LowSideFailure.Create(LowSideReasons.ValidationFailed, $"volume-size: '{value}' is not a size such as 4.7GB or 64GiB", "volumeSize");

    public static Failure InsufficientSpace(string directory, long needed, long available) =>
        LowSideFailure.Create(LowSideReasons.InsufficientSpace,
            $"'{directory}' has {ByteSize.Format(available)} free but the batch needs {ByteSize.Format(needed)}; nothing was written");

    public static Failure TooLarge(string message) => LowSideFailure.Create(LowSideReasons.BatchTooLarge, message);

    public static Failure KeyUnavailable(string path, string reason) =>
        LowSideFailure.Create(LowSideReasons.KeyUnavailable,
            $"the site key {path} cannot be used ({reason}); set Site:KeyPasswordFile or TP_KEY_PASSWORD, or run from a terminal; nothing was written");

    public static Failure NotFound(string id) => LowSideFailure.Create(LowSideReasons.NotFound, $"no batch with id '{id}'", "id");

    public static Failure VerificationFailed(string batchId, string volume, string? reason, string message) =>
        LowSideFailure.Create(LowSideReasons.VerificationFailed,
            $"batch {batchId} was written but volume {volume} did not verify ({reason}): {message}; "
            + "the batch is marked failed and its artifacts go into the next one");

    public static Failure InterruptedCommitted(string batchId, string directory, string message) =>
        LowSideFailure.Create(LowSideReasons.Conflict,
            $"batch {batchId} was interrupted after committing volumes in {directory} that cannot be confirmed: {message}. "
            + "Move its volume directories away and run 'lowside batch cut' again to rewrite it with the same sequence");
}
