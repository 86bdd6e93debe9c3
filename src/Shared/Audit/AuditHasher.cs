using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TransferPipeline.Shared.Audit;

/// <summary>The canonical encodings documented on <see cref="AuditEntry"/> and <see cref="AuditCheckpoint"/>.</summary>
internal static class AuditHasher
{
    private const string EntryDomain = "transferpipeline.audit.entry.v1";
    private const string CheckpointDomain = "transferpipeline.audit.checkpoint.v1";

    // Strict: the default encoder turns a lone surrogate into U+FFFD, so two different strings
    // would encode alike.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static bool TryParseTimestamp(string text, out DateTimeOffset timestamp)
    {
        if (DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out timestamp))
        {
            timestamp = timestamp.ToUniversalTime();
            return true;
        }

        return false;
    }

    /// <summary>True if the text has a UTF-8 encoding, that is, no lone surrogates.</summary>
    public static bool IsEncodable(string text)
    {
        try
        {
            StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    public static string ComputeEntryHash(
        long sequence, string timestamp, string actor, string action, string subject, string detailsJson, string previousHash)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + detailsJson.Length);
        WriteField(buffer, EntryDomain);
        WriteField(buffer, sequence.ToString(CultureInfo.InvariantCulture));
        WriteField(buffer, timestamp);
        WriteField(buffer, actor);
        WriteField(buffer, action);
        WriteField(buffer, subject);
        WriteField(buffer, detailsJson);
        WriteField(buffer, previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    public static byte[] CheckpointSignedData(string keyId, long sequence, string hash, DateTimeOffset timestamp)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteField(buffer, CheckpointDomain);
        WriteField(buffer, keyId);
        WriteField(buffer, sequence.ToString(CultureInfo.InvariantCulture));
        WriteField(buffer, hash);
        WriteField(buffer, FormatTimestamp(timestamp));
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteField(ArrayBufferWriter<byte> buffer, string value)
    {
        var length = StrictUtf8.GetByteCount(value);
        var span = buffer.GetSpan(sizeof(uint) + length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)length);
        StrictUtf8.GetBytes(value, span[sizeof(uint)..]);
        buffer.Advance(sizeof(uint) + length);
    }
}
