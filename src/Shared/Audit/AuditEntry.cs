namespace TransferPipeline.Shared.Audit;

/// <summary>
/// One link of the tamper-evident audit chain: who did what to which subject, when.
/// </summary>
/// <remarks>
/// <para><see cref="Hash"/> is the lowercase hex SHA-256 of a length-prefixed encoding of the
/// entry, so no two different entries encode alike and anyone can re-check it:</para>
/// <code>
/// field(s)  = uint32 big-endian byte count of UTF-8(s) || UTF-8(s)
/// encoding  = field("transferpipeline.audit.entry.v1") || field(sequence as decimal digits)
///             || field(timestamp, "O" format in UTC, e.g. 2025-01-02T03:04:05.0000000+00:00)
///             || field(actor) || field(action) || field(subject) || field(details JSON) || field(previous hash)
/// </code>
/// <para>Each entry's <see cref="PreviousHash"/> is the hash of the entry before it; the first
/// entry's is <see cref="GenesisHash"/>. Editing, deleting, inserting or reordering entries breaks
/// a hash or a link; cutting off the newest entries is caught by signed checkpoints.</para>
/// </remarks>
/// <param name="Sequence">Position in the log: 1, 2, 3… without gaps.</param>
/// <param name="Timestamp">When the entry was appended, in UTC.</param>
/// <param name="Actor">Who acted: an officer's name, an operator, or <c>system</c>.</param>
/// <param name="Action">What happened, e.g. <c>batch.imported</c>, <c>approval.recorded</c>.</param>
/// <param name="Subject">What it happened to: a batch id, a key id; may be empty.</param>
/// <param name="DetailsJson">A JSON object in canonical form (sorted keys, no whitespace), exactly as hashed.</param>
/// <param name="PreviousHash">The <see cref="Hash"/> of the entry before, or <see cref="GenesisHash"/>.</param>
/// <param name="Hash">Lowercase hex SHA-256 of this entry's encoding.</param>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset Timestamp,
    string Actor,
    string Action,
    string Subject,
    string DetailsJson,
    string PreviousHash,
    string Hash)
{
    /// <summary>The <see cref="PreviousHash"/> of the first entry: 64 zeros.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary><see cref="Timestamp"/> as the hash covers it: "O" format in UTC.</summary>
    public string HashedTimestamp => AuditHasher.FormatTimestamp(Timestamp);
}
