using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TransferPipeline.Shared.Audit;

/// <summary>
/// The JSON-lines forms of entries (mirror, export) and checkpoints (side file). An entry line
/// carries exactly the hashed fields, details as a string, so a line can be re-hashed as is:
/// <c>{"sequence":1,"timestamp":"…","actor":"…","action":"…","subject":"…","detailsJson":"{}","previousHash":"…","hash":"…"}</c>.
/// </summary>
internal static class AuditJsonLines
{
    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    // Lines go to files for people and tools, never into HTML: the relaxed encoder keeps them readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteEntry(IBufferWriter<byte> output, in StoredAuditEntry entry)
    {
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", entry.Sequence);
            writer.WriteString("timestamp", entry.Timestamp);
            writer.WriteString("actor", entry.Actor);
            writer.WriteString("action", entry.Action);
            writer.WriteString("subject", entry.Subject);
            writer.WriteString("detailsJson", entry.DetailsJson);
            writer.WriteString("previousHash", entry.PreviousHash);
            writer.WriteString("hash", entry.Hash);
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    public static StoredAuditEntry ParseEntry(ReadOnlySpan<byte> line)
    {
        var parsed = JsonSerializer.Deserialize<EntryLine>(line, ReadOptions)
            ?? throw new JsonException("An audit line is null.");
        return new StoredAuditEntry(
            parsed.Sequence, parsed.Timestamp, parsed.Actor, parsed.Action, parsed.Subject, parsed.DetailsJson, parsed.PreviousHash, parsed.Hash);
    }

    public static void WriteCheckpoint(IBufferWriter<byte> output, AuditCheckpoint checkpoint)
    {
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", checkpoint.Sequence);
            writer.WriteString("hash", checkpoint.Hash);
            writer.WriteString("timestamp", AuditHasher.FormatTimestamp(checkpoint.Timestamp));
            writer.WriteString("keyId", checkpoint.KeyId);
            writer.WriteString("signature", checkpoint.Signature);
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    /// <summary>Parses a checkpoint line, or returns null if it is not one.</summary>
    public static AuditCheckpoint? TryParseCheckpoint(string line)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<CheckpointLine>(line, ReadOptions);
            return parsed is not null && AuditHasher.TryParseTimestamp(parsed.Timestamp, out var timestamp)
                ? new AuditCheckpoint(parsed.Sequence, parsed.Hash, timestamp, parsed.KeyId, parsed.Signature)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record EntryLine(
        long Sequence, string Timestamp, string Actor, string Action, string Subject, string DetailsJson, string PreviousHash, string Hash);

    private sealed record CheckpointLine(long Sequence, string Hash, string Timestamp, string KeyId, string Signature);
}
