using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.Shared.Batches;

/// <summary>The verdict on one volume: valid, or the first failure found with its reason.</summary>
public sealed record BatchVerificationResult
{
    public required bool IsValid { get; init; }
    public BatchRejectionReason? Reason { get; init; }
    public required string Message { get; init; }
    public BatchManifest? Manifest { get; init; }
    /// <summary>Lowercase hex SHA-256 of manifest.json: what approvals bind to.</summary>
    public string? ManifestSha256 { get; init; }
    public int? VolumeNumber { get; init; }
    public MinisignPublicKey? SigningKey { get; init; }
    public long BytesVerified { get; init; }

    public string? ReasonCode => Reason?.ToCode();

    internal static BatchVerificationResult Fail(BatchRejectionReason reason, string message) =>
        new() { IsValid = false, Reason = reason, Message = message };
}
