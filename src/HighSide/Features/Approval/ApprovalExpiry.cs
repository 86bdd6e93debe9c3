namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// When approvals stop counting: each lasts <see cref="Validity"/> from the first audit entry that recorded its signed
/// decision (the officer's key id, the audit head and the plan their statement names), judged at <see cref="Now"/>. The
/// approvals table's own time is anyone's to edit who can write the database; the trail's entries cannot be changed
/// without rewriting the trail from there, which its anchors show, and an entry appended later is not the first.
/// </summary>
/// <param name="Validity">How long an approval counts (<c>Approval:Validity</c>).</param>
/// <param name="Now">The time expiry is judged at.</param>
/// <param name="FirstRecorded">The batch's <c>approval.recorded</c> entries: the time of the first for each <see cref="Key"/>.</param>
internal sealed record ApprovalExpiry(TimeSpan Validity, DateTimeOffset Now, IReadOnlyDictionary<string, DateTimeOffset> FirstRecorded)
{
    public static string Key(string keyId, string auditHead, string publishPlanSha256) => $"{keyId} {auditHead} {publishPlanSha256}";

    /// <summary>When the trail first recorded <paramref name="decision"/>, or null when it never did.</summary>
    public DateTimeOffset? RecordedAt(CheckedDecision decision) =>
        FirstRecorded.TryGetValue(Key(decision.KeyId, decision.Statement.AuditHead.ToString(), decision.Statement.PublishPlanSha256), out var at)
            ? at
            : null;
}
