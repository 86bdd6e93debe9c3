namespace TransferPipeline.Shared.Audit;

/// <summary>
/// A signed statement that the audit log contained entry <see cref="Sequence"/> with
/// <see cref="Hash"/> at <see cref="Timestamp"/>. A later log that ends before that entry, or holds
/// a different entry there, was truncated or rewritten.
/// </summary>
/// <remarks>
/// The signature covers, with the same length-prefixed fields as <see cref="AuditEntry"/>:
/// <code>
/// field("transferpipeline.audit.checkpoint.v1") || field(key id) || field(sequence as decimal digits)
/// || field(hash) || field(timestamp, "O" format in UTC)
/// </code>
/// </remarks>
/// <param name="Sequence">The sequence number of the newest entry when the checkpoint was written.</param>
/// <param name="Hash">That entry's hash.</param>
/// <param name="Timestamp">When the checkpoint was written, in UTC.</param>
/// <param name="KeyId">The id of the key that signed it.</param>
/// <param name="Signature">The signature, base64.</param>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset Timestamp, string KeyId, string Signature);
