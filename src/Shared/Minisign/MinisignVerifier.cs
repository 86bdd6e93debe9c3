using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Minisign;

/// <summary>
/// Checks minisign signatures against a set of trusted keys. Bad signatures give a status, never
/// an exception. Like <c>minisign -V</c>, it does not interpret the trusted comment: callers must
/// check that it names what they expect.
/// </summary>
public static class MinisignVerifier
{
    /// <summary>Legacy signatures need the whole message in memory; refuse them above this size.</summary>
    public const int MaxLegacyMessageBytes = 64 * 1024 * 1024;


    /// <summary>Checks a signature given the message's BLAKE2b-512 hash (and, for legacy, the message).</summary>
    /// <param name="trustedKeys">Keys to accept; looked up by key id, and several keys may share one.</param>
    /// <param name="blake2b512OfMessage">BLAKE2b-512 of the message, used for prehashed signatures.</param>
    /// <param name="messageIfLegacyAllowed">The raw message, used only for legacy signatures when allowed.</param>
    /// <param name="signature">The parsed signature.</param>
    /// <param name="allowLegacy">Accept the legacy "Ed" algorithm.</param>
    /// <exception cref="ArgumentException">The hash is not 64 bytes (a caller bug, not a bad signature).</exception>
    public static MinisignVerification Verify(
        IReadOnlyCollection<MinisignPublicKey> trustedKeys,
        ReadOnlySpan<byte> blake2b512OfMessage,
        ReadOnlySpan<byte> messageIfLegacyAllowed,
        MinisignSignature signature,
        bool allowLegacy = false)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        ArgumentNullException.ThrowIfNull(signature);
        if (blake2b512OfMessage.Length != MinisignText.Blake2b512Length)
        {
            throw new ArgumentException($"Expected a {MinisignText.Blake2b512Length}-byte BLAKE2b-512 hash.", nameof(blake2b512OfMessage));
        }

        var early = CheckKeyAndAlgorithm(trustedKeys, signature, allowLegacy, out var candidates);
        if (early is not null)
        {
            return early;
        }

        var signed = signature.Algorithm == MinisignAlgorithm.Prehashed ? blake2b512OfMessage : messageIfLegacyAllowed;
        return VerifyWithCandidates(candidates, signed, signature);
    }

    /// <summary>Checks a signature over a stream, hashing it in one streaming pass.</summary>
    /// <remarks>
    /// A legacy signature (when allowed) covers the raw message, which Ed25519 needs whole: the stream
    /// is then buffered, and messages over <see cref="MaxLegacyMessageBytes"/> are refused.
    /// </remarks>
    public static async Task<MinisignVerification> VerifyAsync(
        IReadOnlyCollection<MinisignPublicKey> trustedKeys,
        Stream message,
        MinisignSignature signature,
        bool allowLegacy = false,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signature);

        // Refuse unknown keys and legacy signatures before reading a possibly large message.
        var early = CheckKeyAndAlgorithm(trustedKeys, signature, allowLegacy, out var candidates);
        if (early is not null)
        {
            return early;
        }

        if (signature.Algorithm == MinisignAlgorithm.Prehashed)
        {
            var hash = await Blake2bHash.ComputeAsync(message, MinisignText.Blake2b512Length, ct);
            return VerifyWithCandidates(candidates, hash, signature);
        }

        var content = await ReadLegacyMessageAsync(message, ct);
        return content is null
            ? new MinisignVerification(MinisignVerificationStatus.LegacyAlgorithmRefused, candidates[0])
            : VerifyWithCandidates(candidates, content, signature);
    }

    /// <summary>
    /// Finds which of <paramref name="keys"/> made a prehashed signature, whatever key id the signature
    /// names: where a key stands for a person, the raw Ed25519 key is the identity and the key id only a
    /// label that anyone making a key can choose (minisign does not sign it).
    /// </summary>
    /// <param name="keys">The keys to try, in the order given.</param>
    /// <param name="blake2b512OfMessage">BLAKE2b-512 of the message.</param>
    /// <param name="signature">The parsed signature; the legacy algorithm is refused.</param>
    public static MinisignVerification VerifyByRawKey(
        IReadOnlyCollection<MinisignPublicKey> keys, ReadOnlySpan<byte> blake2b512OfMessage, MinisignSignature signature)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(signature);
        if (blake2b512OfMessage.Length != MinisignText.Blake2b512Length)
        {
            throw new ArgumentException($"Expected a {MinisignText.Blake2b512Length}-byte BLAKE2b-512 hash.", nameof(blake2b512OfMessage));
        }

        if (keys.Count == 0)
        {
            return new MinisignVerification(MinisignVerificationStatus.UnknownKey, null);
        }

        return signature.Algorithm == MinisignAlgorithm.Prehashed
            ? VerifyWithCandidates([.. keys], blake2b512OfMessage, signature)
            : new MinisignVerification(MinisignVerificationStatus.LegacyAlgorithmRefused, keys.First());
    }

    private static MinisignVerification? CheckKeyAndAlgorithm(
        IReadOnlyCollection<MinisignPublicKey> trustedKeys,
        MinisignSignature signature,
        bool allowLegacy,
        out List<MinisignPublicKey> candidates)
    {
        candidates = [];
        foreach (var key in trustedKeys)
        {
            if (key.KeyId.SequenceEqual(signature.KeyId))
            {
                candidates.Add(key);
            }
        }

        if (candidates.Count == 0)
        {
            return new MinisignVerification(MinisignVerificationStatus.UnknownKey, null);
        }

        return signature.Algorithm == MinisignAlgorithm.Legacy && !allowLegacy
            ? new MinisignVerification(MinisignVerificationStatus.LegacyAlgorithmRefused, candidates[0])
            : null;
    }

    private static MinisignVerification VerifyWithCandidates(
        List<MinisignPublicKey> candidates, ReadOnlySpan<byte> signedMessage, MinisignSignature signature)
    {
        var globalData = MinisignSignature.GlobalSignedData(signature.Signature, signature.TrustedComment);
        MinisignPublicKey? messageKey = null;
        foreach (var key in candidates)
        {
            // The message signature first: a good comment signature means nothing without it.
            if (!key.Key.Verify(signedMessage, signature.Signature))
            {
                continue;
            }

            if (key.Key.Verify(globalData, signature.GlobalSignature))
            {
                return new MinisignVerification(MinisignVerificationStatus.Valid, key);
            }

            messageKey ??= key;
        }

        return messageKey is null
            ? new MinisignVerification(MinisignVerificationStatus.SignatureInvalid, candidates[0])
            : new MinisignVerification(MinisignVerificationStatus.TrustedCommentSignatureInvalid, messageKey);
    }

    private static async Task<byte[]?> ReadLegacyMessageAsync(Stream message, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await message.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxLegacyMessageBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
