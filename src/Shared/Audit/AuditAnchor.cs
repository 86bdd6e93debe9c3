namespace TransferPipeline.Shared.Audit;

/// <summary>
/// An audit head seen and kept outside the keeper's reach (a receipt carried to the low side, an
/// officer's signed statement, a log host's copy of the syslog stream): the log's entry
/// <see cref="Sequence"/> had <see cref="Hash"/>. Each hash covers the one before it, so a log whose
/// chain verifies and that still holds that hash there still holds entries 1..<see cref="Sequence"/>
/// as they were when the anchor was taken, even if its keeper can sign checkpoints.
/// </summary>
/// <param name="Sequence">The entry's sequence number, 1 or more.</param>
/// <param name="Hash">The entry's hash, lowercase hex (compared without regard to case).</param>
/// <param name="Source">Where the anchor was kept, for the operator: e.g. <c>receipt 2025-06-01</c>.</param>
public sealed record AuditAnchor(long Sequence, string Hash, string Source);
