using TransferPipeline.LowSide.Errors;
using TransferPipeline.Shared;

namespace TransferPipeline.LowSide.Features.Batches;

internal static class BatchErrors
{
    public static LowSideError NothingToShip() =>
        new(LowSideError.NothingToShip, "nothing to ship: no gathered artifact is waiting; nothing was written");

    public static LowSideError NoMedia() =>
        new(LowSideError.ValidationFailed, "media: pass --media DIR or set Batches:MediaDirectory", "media");

    public static LowSideError BadVolumeSize(string value) =>
        new(LowSideError.ValidationFailed, $"volume-size: '{value}' is not a size such as 4.7GB or 64GiB", "volumeSize");

    public static LowSideError InsufficientSpace(string directory, long needed, long available) =>
        new(LowSideError.InsufficientSpace,
            $"'{directory}' has {ByteSize.Format(available)} free but the batch needs {ByteSize.Format(needed)}; nothing was written");

    public static LowSideError TooLarge(string message) => new(LowSideError.BatchTooLarge, message);

    public static LowSideError KeyUnavailable(string path, string reason) =>
        new(LowSideError.KeyUnavailable,
            $"the site key {path} cannot be used ({reason}); set Site:KeyPasswordFile or TP_KEY_PASSWORD, or run from a terminal; nothing was written");

    public static LowSideError NotFound(string id) => new(LowSideError.NotFound, $"no batch with id '{id}'", "id");

    public static LowSideError VerificationFailed(string batchId, string volume, string? reason, string message) =>
        new(LowSideError.VerificationFailed,
            $"batch {batchId} was written but volume {volume} did not verify ({reason}): {message}; the batch is marked failed and its artifacts go into the next one");

    public static LowSideError InterruptedCommitted(string batchId, string directory, string message) =>
        new(LowSideError.Conflict,
            $"batch {batchId} was interrupted after committing volumes in {directory} that cannot be confirmed: {message}. Move its volume directories away and run 'lowside batch cut' again to rewrite it with the same sequence");
}
