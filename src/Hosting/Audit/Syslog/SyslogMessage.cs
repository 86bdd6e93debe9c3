using System.Buffers;
using System.Text;
using System.Text.Json;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Audit.Syslog;

/// <summary>
/// One audit entry as a syslog message: the target's header, then the entry as compact JSON with exactly the fields an
/// `audit export` line has, <c>{"sequence":12,"timestamp":"2025-06-01T12:30:00.0000000+00:00","actor":"officer.carol",
/// "action":"approval.recorded","subject":"site-a-000042","detailsJson":"{...}","previousHash":"...","hash":"..."}</c>,
/// so that a log host can hash a message again as it stands and see that it links to the one before.
/// </summary>
/// <remarks>
/// <para>The JSON is pure ASCII (anything else is written as <c>\uXXXX</c>, which parses back to the same text), so no
/// receiver has to guess an encoding and RFC 5424 needs no byte order mark. The sequence and hash are an anchor a log
/// host keeps (see <see cref="AuditAnchor"/>); the full entry stays in the audit log.</para>
/// <para>A message over the target's limit loses its details (<c>"truncated":true</c> instead), then has
/// actor, action and subject cut shorter and shorter until it fits; such a message no longer hashes, and keeps its
/// anchor: sequence, timestamp and both hashes are never cut. With 16 characters each (6 bytes at most per escaped
/// character) any entry fits 1024 bytes.</para>
/// </remarks>
internal static class SyslogMessage
{
    private const int FirstTextCut = 256;

    public static byte[] Format(string header, AuditEntry entry, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(entry);
        var message = Write(header, entry, withDetails: true, int.MaxValue);
        for (var maxText = FirstTextCut; message.Length > maxBytes && maxText > 0; maxText /= 2)
        {
            message = Write(header, entry, withDetails: false, maxText);
        }

        return message;
    }

    private static byte[] Write(string header, AuditEntry entry, bool withDetails, int maxText)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write(Encoding.ASCII.GetBytes(header));

        // The default encoder escapes everything outside ASCII (and HTML's specials, which no field needs).
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", entry.Sequence);
            writer.WriteString("timestamp", entry.HashedTimestamp);
            writer.WriteString("actor", Cut(entry.Actor, maxText));
            writer.WriteString("action", Cut(entry.Action, maxText));
            writer.WriteString("subject", Cut(entry.Subject, maxText));
            if (withDetails)
            {
                writer.WriteString("detailsJson", entry.DetailsJson);
            }
            else
            {
                writer.WriteBoolean("truncated", true);
            }

            writer.WriteString("previousHash", entry.PreviousHash);
            writer.WriteString("hash", entry.Hash);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Cut(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        // Never split a surrogate pair: half of one is not a character.
        var length = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return string.Concat(text.AsSpan(0, length), "…");
    }
}
