using System.Data.Common;

namespace TransferPipeline.Shared.Audit;

/// <summary>
/// An audit row exactly as stored, timestamp as text: verification hashes the stored text, so
/// any change to it, even one meaning the same instant, is caught.
/// </summary>
internal readonly record struct StoredAuditEntry(
    long Sequence,
    string Timestamp,
    string Actor,
    string Action,
    string Subject,
    string DetailsJson,
    string PreviousHash,
    string Hash)
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = "sequence, timestamp_utc, actor, action, subject, details_json, previous_hash, hash";

    public static StoredAuditEntry Read(DbDataReader reader) => new(
        reader.GetInt64(0),
        Text(reader, 1),
        Text(reader, 2),
        Text(reader, 3),
        Text(reader, 4),
        Text(reader, 5),
        Text(reader, 6),
        Text(reader, 7));

    public static StoredAuditEntry From(AuditEntry entry) => new(
        entry.Sequence,
        AuditHasher.FormatTimestamp(entry.Timestamp),
        entry.Actor,
        entry.Action,
        entry.Subject,
        entry.DetailsJson,
        entry.PreviousHash,
        entry.Hash);

    public string ComputeHash() =>
        AuditHasher.ComputeEntryHash(Sequence, Timestamp, Actor, Action, Subject, DetailsJson, PreviousHash);

    public AuditEntry ToEntry()
    {
        if (!AuditHasher.TryParseTimestamp(Timestamp, out var timestamp))
        {
            throw new InvalidDataException(
                $"Audit entry {Sequence} has an unreadable timestamp '{Timestamp}'; run audit verification.");
        }

        return new AuditEntry(Sequence, timestamp, Actor, Action, Subject, DetailsJson, PreviousHash, Hash);
    }

    // A NULL can only be there if someone rebuilt the table without its constraints; reading it as
    // empty text lets verification report a hash mismatch instead of crashing.
    private static string Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? string.Empty : reader.GetString(ordinal);
}
