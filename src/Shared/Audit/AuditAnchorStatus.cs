namespace TransferPipeline.Shared.Audit;

/// <summary>The outcome of checking anchors against the audit log: all match, or why the first bad one does not.</summary>
public enum AuditAnchorStatus
{
    /// <summary>The log holds every anchored entry with the anchored hash.</summary>
    Valid = 0,

    /// <summary>The log ends before an anchored entry: it was cut after the anchor was taken.</summary>
    Truncated,

    /// <summary>The log holds another hash at an anchored entry: the history was rewritten (and re-chained).</summary>
    Rewritten,
}
