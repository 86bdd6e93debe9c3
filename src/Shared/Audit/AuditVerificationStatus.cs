namespace TransferPipeline.Shared.Audit;

/// <summary>The outcome of verifying the audit log: valid, or why the first bad entry is bad.</summary>
public enum AuditVerificationStatus
{
    /// <summary>Every hash, link and checkpoint checks out.</summary>
    Valid = 0,

    /// <summary>An entry's content no longer matches its hash: it was edited.</summary>
    HashMismatch,

    /// <summary>An entry does not link to the one before it: entries were deleted, inserted or reordered.</summary>
    BrokenLink,

    /// <summary>Hashes and links check out but a sequence number is skipped: entries were removed and the chain rebuilt.</summary>
    SequenceGap,

    /// <summary>A checkpoint's signature is invalid or by an unknown key: it was forged or altered.</summary>
    CheckpointSignatureInvalid,

    /// <summary>A validly signed checkpoint names an entry the log holds differently: the log was rewritten.</summary>
    CheckpointMismatch,

    /// <summary>A validly signed checkpoint covers entries the log no longer has: the newest entries were cut off.</summary>
    Truncated,

    /// <summary>
    /// Everything checks out, but entries exist that no valid signed checkpoint covers: they were written
    /// after the last checkpoint, or the checkpoints were removed (and with them the evidence of a cut).
    /// Only reported when verifying with checkpoints, and only when nothing else is wrong.
    /// </summary>
    Uncovered,
}
