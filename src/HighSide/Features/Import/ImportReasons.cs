namespace TransferPipeline.HighSide.Features.Import;

/// <summary>Reason codes import adds to the verifier's own (<c>BatchRejectionReasonCodes</c>).</summary>
internal static class ImportReasons
{
    public const string CreatedInFuture = "created-in-future";
    public const string Replay = "replay";
    public const string Rollback = "rollback";
    public const string KindNotAllowed = "policy-kind-not-allowed";
    public const string SourceNotAllowed = "policy-source-not-allowed";
    public const string QuotaExceeded = "quota-exceeded";
    public const string CopyFailed = "copy-failed";
    public const string NoVolume = "no-volume-found";
    public const string VolumeAlreadyImported = "volume-already-imported";

    /// <summary>Quarantine's disk cannot hold the batch (checked before the copy), or filled up during the import.</summary>
    public const string InsufficientSpace = Shared.Batches.InsufficientSpaceException.ReasonCode;
    public const string BlobMismatch = "blob-digest-mismatch";
    public const string QuarantineTampered = "quarantine-tampered";
    public const string VolumeBeyondRepair = "volume-beyond-repair";
}
