namespace TransferPipeline.Shared.Audit;

/// <summary>The result of <see cref="AuditLog.VerifyAsync(CancellationToken)"/>.</summary>
/// <param name="Status"><see cref="AuditVerificationStatus.Valid"/>, or the reason the first bad entry is bad.</param>
/// <param name="FirstBadSequence">
/// The first entry found bad: the edited entry, the first entry after a deletion, the entry a
/// checkpoint names, for <see cref="AuditVerificationStatus.Truncated"/> the first missing entry, for
/// <see cref="AuditVerificationStatus.Uncovered"/> the first entry no checkpoint covers.
/// Null when valid, or when a line of the checkpoint file cannot be read at all.
/// </param>
/// <param name="Message">One line for the operator, naming the entry.</param>
/// <param name="EntriesVerified">How many entries checked out before the first bad one (all, when valid).</param>
/// <param name="CheckpointsVerified">How many checkpoints were checked; zero when no verifier was given.</param>
public sealed record AuditVerification(
    AuditVerificationStatus Status,
    long? FirstBadSequence,
    string Message,
    long EntriesVerified,
    long CheckpointsVerified)
{
    /// <summary>True when <see cref="Status"/> is <see cref="AuditVerificationStatus.Valid"/>.</summary>
    public bool IsValid => Status == AuditVerificationStatus.Valid;
}
