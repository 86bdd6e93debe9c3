namespace TransferPipeline.Shared.Audit;

/// <summary>The result of <see cref="AuditLog.CheckAnchorsAsync"/>.</summary>
/// <param name="Status"><see cref="AuditAnchorStatus.Valid"/>, or why <paramref name="FirstBad"/> does not match.</param>
/// <param name="FirstBad">The bad anchor with the lowest sequence number; null when all match.</param>
/// <param name="Message">One line for the operator, naming the entry and the anchor's source.</param>
/// <param name="AnchorsChecked">How many anchors were compared, up to and including the first bad one.</param>
public sealed record AuditAnchorCheck(AuditAnchorStatus Status, AuditAnchor? FirstBad, string Message, int AnchorsChecked)
{
    /// <summary>True when <see cref="Status"/> is <see cref="AuditAnchorStatus.Valid"/>.</summary>
    public bool IsValid => Status == AuditAnchorStatus.Valid;
}
