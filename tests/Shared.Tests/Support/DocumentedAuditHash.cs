using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// An audit entry's hash computed as docs/operations.md tells a log host to, from a message's or an export line's JSON
/// fields alone, written apart from the product's own hasher so that the document is what is tested.
/// </summary>
public static class DocumentedAuditHash
{
    public static string Of(JsonElement entry)
    {
        using var encoding = new MemoryStream();
        foreach (var field in new[]
        {
            "transferpipeline.audit.entry.v1",
            entry.GetProperty("sequence").GetRawText(),
            entry.GetProperty("timestamp").GetString()!,
            entry.GetProperty("actor").GetString()!,
            entry.GetProperty("action").GetString()!,
            entry.GetProperty("subject").GetString()!,
            entry.GetProperty("detailsJson").GetString()!,
            entry.GetProperty("previousHash").GetString()!,
        })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            encoding.Write(length);
            encoding.Write(bytes);
        }

        return Convert.ToHexStringLower(SHA256.HashData(encoding.ToArray()));
    }
}
