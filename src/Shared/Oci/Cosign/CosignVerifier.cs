namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>
/// Checks cosign "simple signing" signatures of an image against trusted keys. Works from any blob source (a registry,
/// an OCI layout, a quarantine directory): it is given the signature manifests and a way to open a blob by digest, and it
/// checks every payload's digest and size itself. Thread-safe.
/// </summary>
public sealed class CosignVerifier
{
    /// <summary>Largest payload blob read; cosign's payloads are a few hundred bytes.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    /// <summary>Most signature layers looked at for one image; more is refused as malformed.</summary>
    public const int MaxSignatureLayers = 64;

    private const int MaxSignatureChars = 4096;
    private const int MaxDetailsShown = 4;

    private readonly IReadOnlyList<CosignPublicKey> _keys;

    /// <param name="trustedKeys">At least one key; a signature by any of them is accepted.</param>
    public CosignVerifier(IEnumerable<CosignPublicKey> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        _keys = [.. trustedKeys];
        if (_keys.Count == 0)
        {
            throw new ArgumentException("Cosign verification needs at least one trusted public key.", nameof(trustedKeys));
        }
    }

    /// <summary>
    /// Verifies that at least one simple-signing layer in <paramref name="signatures"/> is signed by a trusted key and names
    /// <paramref name="imageDigest"/>. No manifests means <see cref="CosignVerdictKind.NoSignature"/>. <paramref name="openBlob"/>
    /// opens a payload blob by digest; a <see cref="DigestMismatchException"/> from it counts as a malformed signature, other
    /// exceptions (an unreachable registry, a missing file) propagate.
    /// </summary>
    public async Task<CosignVerdict> VerifyAsync(
        Digest imageDigest,
        IReadOnlyList<CosignSignatureManifest> signatures,
        Func<Digest, CancellationToken, Task<Stream>> openBlob,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(openBlob);
        if (signatures.Count == 0)
        {
            return CosignVerdict.Refused(CosignVerdictKind.NoSignature, imageDigest, $"Image {imageDigest} has no cosign signature.");
        }

        var layers = signatures
            .SelectMany(s => s.Manifest.Layers.Where(CosignNames.IsSignatureLayer).Select(layer => (Manifest: s.Digest, Layer: layer)))
            .ToList();
        if (layers.Count == 0 || layers.Count > MaxSignatureLayers)
        {
            var problem = layers.Count == 0
                ? $"its signature manifest(s) {string.Join(", ", signatures.Select(s => s.Digest))} hold no simple-signing layer"
                : $"it has {layers.Count} signature layers, more than the {MaxSignatureLayers} this check looks at";
            return CosignVerdict.Refused(
                CosignVerdictKind.Malformed,
                imageDigest,
                $"The cosign signature of image {imageDigest} is malformed: {problem}.");
        }

        var failures = new List<SignatureLayerCheck>();
        foreach (var (manifest, layer) in layers)
        {
            var check = await CheckLayerAsync(imageDigest, layer, openBlob, cancellationToken);
            if (check.Kind == CosignVerdictKind.Verified)
            {
                return new CosignVerdict
                {
                    Kind = CosignVerdictKind.Verified,
                    ImageDigest = imageDigest,
                    Message = $"Image {imageDigest} is signed by trusted key {check.KeyId} (signature manifest {manifest}).",
                    KeyId = check.KeyId,
                    SignatureManifestDigest = manifest,
                    PayloadDigest = layer.Digest,
                };
            }

            failures.Add(check);
        }

        return Refuse(imageDigest, failures);
    }

    private async Task<SignatureLayerCheck> CheckLayerAsync(
        Digest imageDigest,
        OciDescriptor layer,
        Func<Digest, CancellationToken, Task<Stream>> openBlob,
        CancellationToken ct)
    {
        var name = $"signature {layer.Digest}";
        if (layer.Annotations?.GetValueOrDefault(CosignNames.SignatureAnnotation) is not { } encoded)
        {
            return SignatureLayerCheck.Broken($"{name} has no {CosignNames.SignatureAnnotation} annotation");
        }

        var signature = encoded.Length <= MaxSignatureChars ? DecodeBase64(encoded) : null;
        if (signature is null)
        {
            return SignatureLayerCheck.Broken($"{name} has an annotation that is not a base64 signature");
        }

        if (layer.Size > MaxPayloadBytes)
        {
            return SignatureLayerCheck.Broken($"{name} has a {layer.Size}-byte payload, more than the {MaxPayloadBytes}-byte limit");
        }

        var (payload, readProblem) = await ReadPayloadAsync(layer, openBlob, ct);
        if (payload is null)
        {
            return SignatureLayerCheck.Broken($"{name}: {readProblem}");
        }

        var key = _keys.FirstOrDefault(k => k.Verify(payload, signature));
        if (key is null)
        {
            return SignatureLayerCheck.Untrusted($"{name} does not verify under any of the {_keys.Count} trusted key(s)");
        }

        SimpleSigningPayload claim;
        try
        {
            claim = SimpleSigningPayload.Parse(payload);
        }
        catch (OciFormatException ex)
        {
            return SignatureLayerCheck.BadPayload($"{name} (by trusted key {key.KeyId}) has an invalid payload: {ex.Message}");
        }

        return claim.ImageDigest == imageDigest
            ? SignatureLayerCheck.Verified(key.KeyId)
            : SignatureLayerCheck.OtherDigest($"{name} by trusted key {key.KeyId} is for image {claim.ImageDigest}");
    }

    private static async Task<(byte[]? Payload, string Problem)> ReadPayloadAsync(
        OciDescriptor layer,
        Func<Digest, CancellationToken, Task<Stream>> openBlob,
        CancellationToken ct)
    {
        byte[]? bytes;
        try
        {
            await using var stream = await openBlob(layer.Digest, ct);
            bytes = await HttpBodies.ReadCappedAsync(stream, MaxPayloadBytes, ct);
        }
        catch (DigestMismatchException ex)
        {
            return (null, $"the payload blob does not match its digest: {ex.Message}");
        }

        if (bytes is null || bytes.Length != layer.Size)
        {
            var length = bytes is null ? "over the limit" : $"{bytes.Length} bytes";
            return (null, $"the payload blob is {length}, its descriptor says {layer.Size}");
        }

        var actual = Digest.Compute(bytes);
        return actual == layer.Digest ? (bytes, string.Empty) : (null, $"the payload blob hashes to {actual}");
    }

    private static byte[]? DecodeBase64(string encoded)
    {
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(encoded, buffer, out var written) && written > 0 ? buffer[..written] : null;
    }

    private static CosignVerdict Refuse(Digest imageDigest, List<SignatureLayerCheck> failures)
    {
        var closest = failures.OrderByDescending(f => f.Stage).First();
        var headline = closest.Kind switch
        {
            CosignVerdictKind.SignatureForOtherDigest => $"Image {imageDigest} has a trusted signature only for another digest",
            CosignVerdictKind.NoTrustedSignature => $"Image {imageDigest} has no signature by a trusted key",
            _ => $"The cosign signature of image {imageDigest} is malformed",
        };
        var others = failures.Where(f => !ReferenceEquals(f, closest)).Take(MaxDetailsShown).Select(f => f.Detail).ToList();
        var unshown = failures.Count - 1 - others.Count;
        var rest = others.Count == 0
            ? string.Empty
            : $"; also {string.Join("; ", others)}{(unshown > 0 ? $"; and {unshown} more" : "")}";
        return CosignVerdict.Refused(closest.Kind, imageDigest, $"{headline}: {closest.Detail}{rest}.");
    }
}
