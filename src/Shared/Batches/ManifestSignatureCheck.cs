using System.Security.Cryptography;
using System.Text.Json;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Minisign;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// First stage of verification: the manifest's signature by a trusted key, then its schema and values,
/// then that the signed trusted comment and the key's site binding fit what the manifest says.
/// Nothing in the manifest is believed before its signature is checked.
/// </summary>
internal static class ManifestSignatureCheck
{
    private const int MaxSignatureBytes = 8 * 1024;

    public static async Task<(SignedManifest? Manifest, BatchVerificationResult? Failure)> RunAsync(
        string volumeDirectory, IReadOnlyCollection<TrustedSigningKey> trustedKeys, BatchVerificationOptions options,
        CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(volumeDirectory, BatchFileNames.Manifest);
        var signaturePath = Path.Combine(volumeDirectory, BatchFileNames.Signature);
        var presence = CheckControlFile(manifestPath, options.Limits.MaxManifestBytes)
            ?? CheckControlFile(signaturePath, MaxSignatureBytes);
        if (presence is not null)
        {
            return (null, presence);
        }

        MinisignSignature signature;
        try
        {
            signature = MinisignSignature.Parse(await File.ReadAllTextAsync(signaturePath, cancellationToken));
        }
        catch (MinisignFormatException ex)
        {
            return (null, BatchVerificationResult.Fail(SignatureMalformed, $"{BatchFileNames.Signature} is malformed: {ex.Message}"));
        }

        // Bounded by the size check above; the manifest is metadata, never an artifact. The bytes are
        // handed to a synchronous method so the async state machine does not keep them alive.
        return Evaluate(await File.ReadAllBytesAsync(manifestPath, cancellationToken), signature, trustedKeys, options);
    }

    private static (SignedManifest? Manifest, BatchVerificationResult? Failure) Evaluate(
        byte[] manifestBytes, MinisignSignature signature, IReadOnlyCollection<TrustedSigningKey> trustedKeys,
        BatchVerificationOptions options)
    {
        if (manifestBytes.Length > options.Limits.MaxManifestBytes)
        {
            return (null, BatchVerificationResult.Fail(LimitExceeded, $"{BatchFileNames.Manifest} grew past the limit while being read"));
        }

        var keyFailure = CheckSignature(manifestBytes, signature, trustedKeys, out var trusted);
        if (keyFailure is not null)
        {
            return (null, keyFailure);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
        var parsed = ParseAndValidate(manifestBytes, options.Limits);
        if (parsed.Failure is not null)
        {
            return (null, parsed.Failure);
        }

        var manifest = parsed.Manifest!;
        var bindingFailure = CheckBinding(manifest, signature, trusted!, options.Now);
        return bindingFailure is not null
            ? (null, bindingFailure)
            : (new SignedManifest(manifest, sha256, trusted!.PublicKey), null);
    }

    private static BatchVerificationResult? CheckControlFile(string path, long maxBytes)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path) && !Directory.Exists(path) && !IsDanglingLink(path))
        {
            return BatchVerificationResult.Fail(VolumeIncomplete,
                $"the volume has no {name}: it is incomplete (writing stopped before the batch was committed) or not a TransferPipeline volume");
        }

        var metadata = NativeFileSystem.GetMetadata(path);
        if (metadata.Kind != UnixFileKind.Regular)
        {
            return BatchVerificationResult.Fail(UnsafeFileType, $"{name} is a {Describe(metadata.Kind)}, not a regular file");
        }

        if (metadata.LinkCount > 1)
        {
            return BatchVerificationResult.Fail(HardLink, $"{name} is a hard link ({metadata.LinkCount} names for one file)");
        }

        return metadata.Size > maxBytes
            ? BatchVerificationResult.Fail(LimitExceeded, $"{name} is {metadata.Size} bytes; the limit is {maxBytes}; it was not read")
            : null;
    }

    private static bool IsDanglingLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static BatchVerificationResult? CheckSignature(
        byte[] manifestBytes, MinisignSignature signature, IReadOnlyCollection<TrustedSigningKey> trustedKeys,
        out TrustedSigningKey? trusted)
    {
        trusted = null;
        var hash = Blake2bHash.Compute(manifestBytes, 64);
        var verification = MinisignVerifier.Verify(trustedKeys.Select(k => k.PublicKey).ToList(), hash, manifestBytes, signature);
        var keyIdHex = signature.KeyIdHex;
        switch (verification.Status)
        {
            case MinisignVerificationStatus.UnknownKey:
                return BatchVerificationResult.Fail(UntrustedKey, $"the manifest is signed by key {keyIdHex}, which is not a trusted key");
            case MinisignVerificationStatus.LegacyAlgorithmRefused:
                return BatchVerificationResult.Fail(LegacySignature, "the manifest carries a legacy whole-file (Ed) signature; the prehashed ED signature is required");
            case MinisignVerificationStatus.SignatureInvalid:
                return BatchVerificationResult.Fail(SignatureInvalid, $"manifest.json does not match its signature by key {keyIdHex}: it was altered after signing");
            case MinisignVerificationStatus.TrustedCommentSignatureInvalid:
                return BatchVerificationResult.Fail(TrustedCommentInvalid, "the signature's trusted comment was altered after signing");
            case MinisignVerificationStatus.Valid:
                break;
            default:
                throw new InvalidOperationException($"Unhandled verification status {verification.Status}.");
        }

        var key = verification.Key!;
        trusted = trustedKeys.First(k => k.PublicKey.Key.Equals(key.Key));
        return trusted.Revoked
            ? BatchVerificationResult.Fail(KeyRevoked, $"the manifest is signed by key {key.KeyIdHex}, which has been revoked")
            : null;
    }

    private static (BatchManifest? Manifest, BatchVerificationResult? Failure) ParseAndValidate(byte[] bytes, BatchLimits limits)
    {
        var version = ManifestReader.PeekFormatVersion(bytes);
        if (version is not null && version != BatchManifest.CurrentFormatVersion)
        {
            return (null, BatchVerificationResult.Fail(UnsupportedFormatVersion,
                $"format version {version} is not supported (this version reads {BatchManifest.CurrentFormatVersion})"));
        }

        BatchManifest manifest;
        try
        {
            manifest = ManifestReader.Parse(bytes);
        }
        catch (JsonException ex)
        {
            return (null, BatchVerificationResult.Fail(ManifestMalformed, $"manifest.json is not a valid manifest: {ex.Message}"));
        }

        var validation = new BatchManifestValidator(limits).Validate(manifest);
        if (validation.IsValid)
        {
            return (manifest, null);
        }

        var first = validation.Errors[0];
        var reason = BatchRejectionReasonCodes.TryParse(first.ErrorCode, out var parsed) ? parsed : ManifestInvalid;
        return (null, BatchVerificationResult.Fail(reason, $"manifest.json is invalid: {first.ErrorMessage}"));
    }

    private static BatchVerificationResult? CheckBinding(
        BatchManifest manifest, MinisignSignature signature, TrustedSigningKey trusted, DateTimeOffset now)
    {
        var expected = BatchTrustedComment.For(manifest);
        if (!string.Equals(signature.TrustedComment, expected, StringComparison.Ordinal))
        {
            return BatchVerificationResult.Fail(TrustedCommentMismatch,
                $"the signed trusted comment '{DisplayText.Printable(signature.TrustedComment)}' does not name this batch ({expected})");
        }

        if (!string.Equals(manifest.KeyId, trusted.PublicKey.KeyIdHex, StringComparison.Ordinal))
        {
            return BatchVerificationResult.Fail(ManifestInvalid,
                $"the manifest names signing key {manifest.KeyId} but was signed by {trusted.PublicKey.KeyIdHex}");
        }

        if (trusted.SiteId is not null && !string.Equals(trusted.SiteId, manifest.SiteId, StringComparison.Ordinal))
        {
            return BatchVerificationResult.Fail(KeyNotTrustedForSite,
                $"key {trusted.PublicKey.KeyIdHex} is trusted for site '{trusted.SiteId}', not for site '{manifest.SiteId}'");
        }

        return now >= manifest.ExpiresUtc
            ? BatchVerificationResult.Fail(Expired, $"the batch expired at {manifest.ExpiresUtc:u} (now {now:u})")
            : null;
    }

    private static string Describe(UnixFileKind kind) => kind switch
    {
        UnixFileKind.SymbolicLink => "symbolic link",
        UnixFileKind.Directory => "directory",
        UnixFileKind.Fifo => "FIFO",
        UnixFileKind.CharacterDevice or UnixFileKind.BlockDevice => "device",
        UnixFileKind.Socket => "socket",
        _ => "special file",
    };

    internal static string DescribeKind(UnixFileKind kind) => Describe(kind);

}
