using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;
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
    private const int ReadBufferBytes = 1024 * 1024;
    private const int PeekBytes = 64 * 1024;

    // No byte-order mark is guessed at and no invalid byte replaced: the file is UTF-8 or it is malformed.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (SignedManifest? Manifest, BatchVerificationResult? Failure) Run(
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
            signature = MinisignSignature.Parse(StrictUtf8.GetString(File.ReadAllBytes(signaturePath)));
        }
        catch (Exception ex) when (ex is MinisignFormatException or DecoderFallbackException)
        {
            return (null, BatchVerificationResult.Fail(SignatureMalformed, $"{BatchFileNames.Signature} is malformed: {ex.Message}"));
        }

        // Two passes, so the manifest's text is never held: the first hashes it for the signature, the
        // second parses it while hashing again. Equal SHA-256s prove the parsed bytes are the signed
        // ones, even from media that answers a second read differently.
        var limit = options.Limits.MaxManifestBytes;
        var (blake2b, sha256) = Hash(manifestPath, limit, cancellationToken);
        if (blake2b is null)
        {
            return (null, BatchVerificationResult.Fail(LimitExceeded, $"{BatchFileNames.Manifest} grew past the limit while being read"));
        }

        var keyFailure = CheckSignature(blake2b, signature, trustedKeys, out var trusted);
        if (keyFailure is not null)
        {
            return (null, keyFailure);
        }

        var parsed = ParseAndValidate(manifestPath, sha256, options, cancellationToken);
        if (parsed.Failure is not null)
        {
            return (null, parsed.Failure);
        }

        var manifest = parsed.Manifest!;
        var bindingFailure = CheckBinding(manifest, signature, trusted!, options.Now);
        if (bindingFailure is not null)
        {
            Discard(manifest);
            return (null, bindingFailure);
        }

        return (new SignedManifest(manifest, sha256, trusted!.PublicKey), null);
    }

    private static (byte[]? Blake2b, string Sha256) Hash(string path, long limit, CancellationToken cancellationToken)
    {
        using var blake2b = new Blake2bHash(MinisignText.Blake2b512Length);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        try
        {
            using var stream = Sha256Digest.OpenSequential(path);
            long total = 0;
            int read;
            while ((read = stream.Read(buffer, 0, ReadBufferBytes)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                total += read;
                if (total > limit)
                {
                    return (null, "");
                }

                blake2b.Append(buffer.AsSpan(0, read));
                sha256.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (blake2b.Finish(), Convert.ToHexStringLower(sha256.GetHashAndReset()));
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
        byte[] blake2b512, MinisignSignature signature, IReadOnlyCollection<TrustedSigningKey> trustedKeys,
        out TrustedSigningKey? trusted)
    {
        trusted = null;
        // Legacy signatures need the whole message; they are refused before it would be needed.
        var verification = MinisignVerifier.Verify(trustedKeys.Select(k => k.PublicKey).ToList(), blake2b512, [], signature);
        var keyIdHex = signature.KeyIdHex;
        switch (verification.Status)
        {
            case MinisignVerificationStatus.UnknownKey:
                return BatchVerificationResult.Fail(UntrustedKey, $"the manifest is signed by key {keyIdHex}, which is not a trusted key");
            case MinisignVerificationStatus.LegacyAlgorithmRefused:
                return BatchVerificationResult.Fail(
                    LegacySignature,
                    "the manifest carries a legacy whole-file (Ed) signature; the prehashed ED signature is required");
            case MinisignVerificationStatus.SignatureInvalid:
                return BatchVerificationResult.Fail(
                    SignatureInvalid,
                    $"manifest.json does not match its signature by key {keyIdHex}: it was altered after signing");
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

    private static (BatchManifest? Manifest, BatchVerificationResult? Failure) ParseAndValidate(
        string path, string signedSha256, BatchVerificationOptions options, CancellationToken cancellationToken)
    {
        var limits = options.Limits;
        BatchManifest manifest;
        string parsedSha256;
        try
        {
            using var file = Sha256Digest.OpenSequential(path);
            using var hashing = new HashingReadStream(file, limits.MaxManifestBytes);
            manifest = ManifestReader.Parse(hashing, cancellationToken, options.WorkDirectory, limits);
            parsedSha256 = hashing.Finish();
        }
        catch (JsonException ex)
        {
            var version = PeekFormatVersion(path);
            return version is not null && version != BatchManifest.CurrentFormatVersion
                ? (null, UnsupportedVersion(version.Value))
                : (null, BatchVerificationResult.Fail(ManifestMalformed, $"manifest.json is not a valid manifest: {ex.Message}"));
        }
        catch (InvalidDataException)
        {
            return (null, BatchVerificationResult.Fail(LimitExceeded, $"{BatchFileNames.Manifest} grew past the limit while being read"));
        }
        catch (ManifestLimitExceededException ex)
        {
            return (null, BatchVerificationResult.Fail(LimitExceeded, $"{BatchFileNames.Manifest}: {ex.Message}"));
        }

        if (parsedSha256 != signedSha256)
        {
            return (Discard(manifest), BatchVerificationResult.Fail(SignatureInvalid,
                $"{BatchFileNames.Manifest} changed between reads (sha256 {signedSha256}, then {parsedSha256}): the media does not return stable content"));
        }

        if (manifest.FormatVersion != BatchManifest.CurrentFormatVersion)
        {
            return (Discard(manifest), UnsupportedVersion(manifest.FormatVersion));
        }

        return ManifestRules.FindFirstProblem(manifest, limits, options.WorkDirectory) is { } problem
            ? (Discard(manifest), BatchVerificationResult.Fail(problem.Reason, $"manifest.json is invalid: {problem.Message}"))
            : (manifest, null);
    }

    // A manifest refused here is not handed on: its collections on disk are freed now rather than when it is collected.
    private static BatchManifest? Discard(BatchManifest manifest)
    {
        (manifest.Blobs as IDisposable)?.Dispose();
        (manifest.Files as IDisposable)?.Dispose();
        return null;
    }

    // Only for the message: a newer format is reported as such rather than as malformed.
    private static int? PeekFormatVersion(string path)
    {
        var prefix = new byte[PeekBytes];
        using var file = Sha256Digest.OpenSequential(path);
        var length = file.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        return ManifestReader.PeekFormatVersion(prefix.AsSpan(0, length));
    }

    private static BatchVerificationResult UnsupportedVersion(int version) =>
        BatchVerificationResult.Fail(UnsupportedFormatVersion,
            $"format version {version} is not supported (this version reads {BatchManifest.CurrentFormatVersion})");

    private static BatchVerificationResult? CheckBinding(
        BatchManifest manifest, MinisignSignature signature, TrustedSigningKey trusted, DateTimeOffset now)
    {
        var expected = BatchTrustedComment.For(manifest);
        if (!string.Equals(signature.TrustedComment, expected, StringComparison.Ordinal))
        {
            return BatchVerificationResult.Fail(TrustedCommentMismatch,
                $"the signed trusted comment '{DisplayText.Printable(signature.TrustedComment)}' does not name this batch ({expected})");
        }

        if (!BatchIdentifiers.NamesKey(manifest.KeyId, trusted.PublicKey.KeyIdHex))
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
