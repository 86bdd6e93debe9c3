using System.Security.Cryptography;
using System.Text.Json;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Receipts;

namespace TransferPipeline.LowSide.Features.Receipts;

/// <summary>
/// Reads receipt.json and receipt.json.minisig: a prehashed minisign signature by a registered high-side
/// key whose trusted comment is exactly "transferpipeline-receipt site:SITE created:ISO-8601" naming the
/// receipt's own site and creation time. Sizes are checked before anything is read whole.
/// </summary>
internal static class ReceiptReader
{
    public static async Task<Outcome<VerifiedReceipt>> ReadAsync(string path, IReadOnlyCollection<MinisignPublicKey> trustedKeys, CancellationToken ct)
    {
        var signaturePath = path + ".minisig";
        if (!System.IO.File.Exists(path) || !System.IO.File.Exists(signaturePath))
        {
            return ReceiptErrors.Refused($"{path} and its signature {signaturePath} must both exist");
        }

        if (new FileInfo(path).Length > ReceiptFormat.MaxBytes)
        {
            return ReceiptErrors.Refused($"{path} is larger than {ReceiptFormat.MaxBytes} bytes");
        }

        MinisignSignature signature;
        try
        {
            signature = MinisignSignature.Load(signaturePath);
        }
        catch (Exception ex) when (ex is MinisignFormatException or IOException)
        {
            return ReceiptErrors.Refused($"{signaturePath} is not a minisign signature: {ex.Message}");
        }

        var bytes = await System.IO.File.ReadAllBytesAsync(path, ct);
        MinisignVerification verification;
        using (var stream = new MemoryStream(bytes, writable: false))
        {
            verification = await MinisignVerifier.VerifyAsync(trustedKeys, stream, signature, allowLegacy: false, ct);
        }

        if (!verification.IsValid)
        {
            return ReceiptErrors.Refused(Explain(verification.Status, signature.KeyIdHex));
        }

        var (receipt, problem) = Parse(bytes);
        return problem is not null
            ? ReceiptErrors.Refused(problem)
            : CheckTrustedComment(signature.TrustedComment, receipt!) is { } mismatch
                ? ReceiptErrors.Refused(mismatch)
                : Outcome<VerifiedReceipt>.Success(new VerifiedReceipt(receipt!, Convert.ToHexStringLower(SHA256.HashData(bytes)), verification.Key!.KeyIdHex));
    }

    private static string Explain(MinisignVerificationStatus status, string keyId) => status switch
    {
        MinisignVerificationStatus.UnknownKey =>
            $"signed by key {keyId}, which is not registered; register the high side's public key with 'lowside trust add --key FILE'",
        MinisignVerificationStatus.LegacyAlgorithmRefused => "the signature is the legacy whole-file kind; a prehashed signature is required",
        MinisignVerificationStatus.TrustedCommentSignatureInvalid => "the trusted comment was altered",
        _ => "the signature does not match the receipt: it was altered",
    };

    private static (Receipt?, string?) Parse(byte[] bytes)
    {
        Receipt? receipt;
        try
        {
            receipt = ReceiptFormat.Deserialize(bytes);
        }
        catch (JsonException ex)
        {
            return (null, $"receipt.json is malformed: {ex.Message}");
        }

        if (receipt is null || receipt.FormatVersion is not (1 or Receipt.CurrentFormatVersion))
        {
            return (null, $"unsupported receipt format version {receipt?.FormatVersion}");
        }

        if (receipt.FormatVersion == Receipt.CurrentFormatVersion
            && receipt.AuditHead is not { Sequence: > 0 } || (receipt.AuditHead is { } head && !Sha256Digest.IsHex(head.Hash)))
        {
            return (null, "the receipt does not carry the high side's audit head (a sequence number and a SHA-256)");
        }

        if (!BatchIdentifiers.IsSiteId(receipt.SiteId) || receipt.Blobs is null || receipt.ImportedSequences is null)
        {
            return (null, "the receipt lacks a valid siteId, blobs or importedSequences");
        }

        if (receipt.Blobs.Count > ReceiptFormat.MaxBlobs || !receipt.Blobs.All(BatchIdentifiers.IsDigest))
        {
            return (null, "the receipt lists an invalid blob digest or too many blobs");
        }

        return (receipt, null);
    }

    private static string? CheckTrustedComment(string comment, Receipt receipt)
    {
        if (!ReceiptFormat.TryParseTrustedComment(comment, out var site, out var created))
        {
            return "the signature's trusted comment is not 'transferpipeline-receipt site:SITE created:TIME'";
        }

        return site == receipt.SiteId && created == receipt.CreatedUtc
            ? null
            : $"the signature's trusted comment names site {site} created {created:O}, "
                + $"but the receipt says site {receipt.SiteId} created {receipt.CreatedUtc:O}";
    }
}
