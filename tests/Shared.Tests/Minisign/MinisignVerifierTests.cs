using System.Text;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.Shared.Tests.Minisign;

internal sealed class MinisignVerifierTests
{
    private static readonly byte[] Message = "batch 42 manifest\n"u8.ToArray();

    [Test]
    public void Verify_OwnSignature_Valid()
    {
        using var key = MinisignSecretKey.Generate();
        var signature = Sign(key, "batch:42");

        var result = Verify([key.PublicKey], Message, signature);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(MinisignVerificationStatus.Valid));
            Assert.That(result.IsValid, Is.True);
            Assert.That(result.Key, Is.SameAs(key.PublicKey));
        });
    }

    [Test]
    public void Verify_TrustedCommentEdited_TrustedCommentSignatureInvalid()
    {
        using var key = MinisignSecretKey.Generate();
        var text = Sign(key, "batch:42 site:alpha").ToFileText();
        var edited = MinisignSignature.Parse(text.Replace("batch:42", "batch:43", StringComparison.Ordinal));

        var result = Verify([key.PublicKey], Message, edited);

        Assert.That(result.Status, Is.EqualTo(MinisignVerificationStatus.TrustedCommentSignatureInvalid));
    }

    [Test]
    public void Verify_MessageEdited_SignatureInvalid()
    {
        using var key = MinisignSecretKey.Generate();
        var signature = Sign(key, "batch:42");
        var edited = (byte[])Message.Clone();
        edited[0] ^= 1;

        var result = Verify([key.PublicKey], edited, signature);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(MinisignVerificationStatus.SignatureInvalid));
            Assert.That(result.Key, Is.SameAs(key.PublicKey));
        });
    }

    [Test]
    public void Verify_UnknownKeyId_UnknownKey()
    {
        using var signer = MinisignSecretKey.Generate();
        using var other = MinisignSecretKey.Generate();

        var result = Verify([other.PublicKey], Message, Sign(signer, "batch:42"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(MinisignVerificationStatus.UnknownKey));
            Assert.That(result.Key, Is.Null);
        });
    }

    [Test]
    public void Verify_NoTrustedKeys_UnknownKey()
    {
        using var signer = MinisignSecretKey.Generate();

        Assert.That(Verify([], Message, Sign(signer, "t")).Status, Is.EqualTo(MinisignVerificationStatus.UnknownKey));
    }

    [Test]
    public void Verify_ImpostorKeyWithSameKeyId_SignatureInvalid()
    {
        using var signer = MinisignSecretKey.Generate();
        using var impostor = MinisignSecretKey.Generate();
        var impostorWithSignersId = WithKeyId(impostor.PublicKey, signer.PublicKey);

        var result = Verify([impostorWithSignersId], Message, Sign(signer, "t"));

        Assert.That(result.Status, Is.EqualTo(MinisignVerificationStatus.SignatureInvalid));
    }

    [Test]
    public void Verify_TwoTrustedKeysShareKeyId_TriesEach()
    {
        using var signer = MinisignSecretKey.Generate();
        using var impostor = MinisignSecretKey.Generate();
        var impostorWithSignersId = WithKeyId(impostor.PublicKey, signer.PublicKey);

        var result = Verify([impostorWithSignersId, signer.PublicKey], Message, Sign(signer, "t"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(MinisignVerificationStatus.Valid));
            Assert.That(result.Key, Is.SameAs(signer.PublicKey));
        });
    }

    [Test]
    public void Verify_SignatureBytesFlipped_SignatureInvalid()
    {
        using var key = MinisignSecretKey.Generate();
        var lines = Sign(key, "t").ToFileText().Split('\n');
        var block = Convert.FromBase64String(lines[1]);
        block[40] ^= 0x80;
        lines[1] = Convert.ToBase64String(block);

        var result = Verify([key.PublicKey], Message, MinisignSignature.Parse(string.Join('\n', lines)));

        Assert.That(result.Status, Is.EqualTo(MinisignVerificationStatus.SignatureInvalid));
    }

    [Test]
    public void Verify_LegacySignatureCraftedWithPrimitives_RefusedUnlessAllowed()
    {
        var (key, legacy) = CraftLegacy(Message, "legacy");

        var refused = Verify([key], Message, legacy);
        var allowed = MinisignVerifier.Verify([key], Blake2bHash.Compute(Message, 64), Message, legacy, allowLegacy: true);

        Assert.Multiple(() =>
        {
            Assert.That(refused.Status, Is.EqualTo(MinisignVerificationStatus.LegacyAlgorithmRefused));
            Assert.That(allowed.Status, Is.EqualTo(MinisignVerificationStatus.Valid));
        });
    }

    [Test]
    public async Task VerifyAsync_Stream_SameResultsAsSpanOverload()
    {
        using var key = MinisignSecretKey.Generate();
        var signature = Sign(key, "batch:42");
        var edited = (byte[])Message.Clone();
        edited[^1] ^= 1;

        var good = await MinisignVerifier.VerifyAsync([key.PublicKey], new MemoryStream(Message), signature);
        var bad = await MinisignVerifier.VerifyAsync([key.PublicKey], new MemoryStream(edited), signature);

        Assert.Multiple(() =>
        {
            Assert.That(good.Status, Is.EqualTo(MinisignVerificationStatus.Valid));
            Assert.That(bad.Status, Is.EqualTo(MinisignVerificationStatus.SignatureInvalid));
        });
    }

    [Test]
    public async Task VerifyAsync_LegacyRefused_DoesNotReadTheStream()
    {
        var (key, legacy) = CraftLegacy(Message, "x");
        using var stream = new MemoryStream(Message);

        var result = await MinisignVerifier.VerifyAsync([key], stream, legacy);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(MinisignVerificationStatus.LegacyAlgorithmRefused));
            Assert.That(stream.Position, Is.Zero);
        });
    }

    [Test]
    public async Task VerifyAsync_LegacyAllowed_Valid()
    {
        var (key, legacy) = CraftLegacy(Message, "x");

        var result = await MinisignVerifier.VerifyAsync([key], new MemoryStream(Message), legacy, allowLegacy: true);

        Assert.That(result.Status, Is.EqualTo(MinisignVerificationStatus.Valid));
    }

    [Test]
    public void Verify_HashOfWrongLength_ThrowsArgumentException()
    {
        using var key = MinisignSecretKey.Generate();

        Assert.That(
            () => MinisignVerifier.Verify([key.PublicKey], new byte[32], [], Sign(key, "t")),
            Throws.ArgumentException);
    }

    internal static MinisignVerification Verify(
        IReadOnlyCollection<MinisignPublicKey> keys, byte[] message, MinisignSignature signature) =>
        MinisignVerifier.Verify(keys, Blake2bHash.Compute(message, 64), [], signature);

    private static MinisignSignature Sign(MinisignSecretKey key, string trustedComment) =>
        key.SignPrehashed(Blake2bHash.Compute(Message, 64), trustedComment, "test");

    private static MinisignPublicKey WithKeyId(MinisignPublicKey key, MinisignPublicKey idSource)
    {
        var bytes = Convert.FromBase64String(key.ToBase64());
        idSource.KeyId.CopyTo(bytes.AsSpan(2));
        return MinisignPublicKey.Parse(Convert.ToBase64String(bytes));
    }

    /// <summary>A legacy "Ed" signature (over the raw message), built with our primitives in minisign's layout.</summary>
    private static (MinisignPublicKey Key, MinisignSignature Signature) CraftLegacy(byte[] message, string trustedComment)
    {
        using var ed = Ed25519SecretKey.Generate();
        byte[] keyId = [1, 2, 3, 4, 5, 6, 7, 8];
        var signature = ed.Sign(message);
        var global = ed.Sign([.. signature, .. Encoding.UTF8.GetBytes(trustedComment)]);
        byte[] block = [(byte)'E', (byte)'d', .. keyId, .. signature];
        var text = $"untrusted comment: u\n{Convert.ToBase64String(block)}\n" +
            $"trusted comment: {trustedComment}\n{Convert.ToBase64String(global)}\n";
        return (new MinisignPublicKey(keyId, ed.PublicKey), MinisignSignature.Parse(text));
    }
}
