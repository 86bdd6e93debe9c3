using System.Security.Cryptography;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Oci.Cosign;

/// <summary>Key parsing and signature checks, cross-checked against keys and signatures made by the real openssl.</summary>
[CancelAfter(60_000)]
public sealed class CosignPublicKeyTests
{
    private static readonly byte[] Payload =
        """{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"sha256:00"},"type":"t"},"optional":null}"""u8
            .ToArray();

    private TempDirectory _scratch = null!;

    [SetUp]
    public void CreateScratch() => _scratch = new TempDirectory("cosign-keys");

    [TearDown]
    public void RemoveScratch() => _scratch.Dispose();

    [TestCase("EC", "ec_paramgen_curve:P-256", CosignKeyAlgorithm.EcdsaP256)]
    [TestCase("ED25519", null, CosignKeyAlgorithm.Ed25519)]
    public async Task ParsePem_OpensslPubout_KeyIdIsSha256OfTheDerKey(string algorithm, string? option, CosignKeyAlgorithm expected)
    {
        var (_, publicPem) = await OpensslKeyAsync(algorithm, option);
        await OpensslAsync("pkey", "-pubin", "-in", publicPem, "-outform", "DER", "-out", _scratch.Combine("pub.der"));
        var opensslDigest = (await OpensslAsync("dgst", "-sha256", "-r", _scratch.Combine("pub.der"))).StandardOutput.Split(' ')[0];

        var key = CosignPublicKey.ParsePem(await File.ReadAllTextAsync(publicPem));

        Assert.That(key.Algorithm, Is.EqualTo(expected));
        Assert.That(key.KeyId, Is.EqualTo(opensslDigest));
    }

    [Test]
    public async Task Verify_SignatureFromOpensslDgstSha256_Verifies()
    {
        var (privatePem, publicPem) = await OpensslKeyAsync("EC", "ec_paramgen_curve:P-256");
        var signature = await OpensslSignAsync(
            (payload, output) => ["dgst", "-sha256", "-sign", privatePem, "-out", output, payload]);
        var key = CosignPublicKey.ParsePem(await File.ReadAllTextAsync(publicPem));

        Assert.That(key.Verify(Payload, signature), Is.True);
        Assert.That(key.Verify([.. Payload, (byte)' '], signature), Is.False, "one byte more");
    }

    [Test]
    public async Task Verify_Ed25519SignatureFromOpensslPkeyutl_VerifiesAndTestPemBuilderMatchesOpenssl()
    {
        var (privatePem, publicPem) = await OpensslKeyAsync("ED25519", null);
        var signature = await OpensslSignAsync(
            (payload, output) => ["pkeyutl", "-sign", "-rawin", "-inkey", privatePem, "-in", payload, "-out", output]);
        var opensslPem = await File.ReadAllTextAsync(publicPem);
        var der = Convert.FromBase64String(string.Concat(opensslPem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('-'))));

        var key = CosignPublicKey.ParsePem(opensslPem);

        Assert.That(key.Verify(Payload, signature), Is.True);
        Assert.That(key.Verify(Payload.AsSpan(1), signature), Is.False);
        Assert.That(
            TestCosignKey.Ed25519Pem(der.AsSpan(der.Length - 32)).Trim(),
            Is.EqualTo(opensslPem.Trim()),
            "the tests' Ed25519 PEMs are what openssl writes");
    }

    [TestCase("EC", "ec_paramgen_curve:P-384", "only P-256")]
    [TestCase("EC", "ec_paramgen_curve:secp256k1", "only P-256")]
    [TestCase("RSA", "rsa_keygen_bits:1024", "RSA keys are not accepted")]
    [TestCase("ED448", null, "is not ECDSA P-256 or Ed25519")]
    public async Task ParsePem_OpensslKeyOfAnotherKind_RefusedSayingWhy(string algorithm, string? option, string expected)
    {
        var (_, publicPem) = await OpensslKeyAsync(algorithm, option);

        var parsed = CosignPublicKey.TryParsePem(await File.ReadAllTextAsync(publicPem), out var key, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(key, Is.Null);
        Assert.That(error, Does.Contain(expected));
    }

    [TestCase("", "empty")]
    [TestCase("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE", "no PEM block found")]
    [TestCase("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n", "'CERTIFICATE'")]
    [TestCase("-----BEGIN EC PUBLIC KEY-----\nMAA=\n-----END EC PUBLIC KEY-----\n", "'EC PUBLIC KEY'")]
    [TestCase("-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n", "not a valid SubjectPublicKeyInfo")]
    [TestCase("-----BEGIN PUBLIC KEY-----\nBAA=\n-----END PUBLIC KEY-----\n", "not a valid SubjectPublicKeyInfo")]
    public void ParsePem_NotAPublicKeyBlock_RefusedSayingWhy(string pem, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CosignPublicKey.ParsePem(pem))!;

        Assert.That(error.Message, Does.Contain(expected));
    }

    [Test]
    public void ParsePem_TwoKeysInOneEntry_Refused()
    {
        using var first = TestCosignKey.EcdsaP256();
        using var second = TestCosignKey.Ed25519();

        var parsed = CosignPublicKey.TryParsePem(first.PublicPem + "\n" + second.PublicPem, out _, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(error, Does.Contain("text follows the PEM block"));
    }

    [TestCase(0)]
    [TestCase(64)]
    [TestCase(72)]
    public void Verify_GarbageSignature_FalseForBothAlgorithms(int length)
    {
        var garbage = RandomNumberGenerator.GetBytes(length);
        using var ecdsa = TestCosignKey.EcdsaP256();
        using var ed25519 = TestCosignKey.Ed25519();

        Assert.That(ecdsa.PublicKey.Verify(Payload, garbage), Is.False);
        Assert.That(ed25519.PublicKey.Verify(Payload, garbage), Is.False);
    }

    [Test]
    public void Verify_SignatureByAnotherKeyOrAlgorithm_False()
    {
        using var ecdsa = TestCosignKey.EcdsaP256();
        using var otherEcdsa = TestCosignKey.EcdsaP256();
        using var ed25519 = TestCosignKey.Ed25519();

        Assert.That(ecdsa.PublicKey.Verify(Payload, ecdsa.Sign(Payload)), Is.True);
        Assert.That(otherEcdsa.PublicKey.Verify(Payload, ecdsa.Sign(Payload)), Is.False);
        Assert.That(ed25519.PublicKey.Verify(Payload, ecdsa.Sign(Payload)), Is.False);
        Assert.That(ecdsa.PublicKey.Verify(Payload, ed25519.Sign(Payload)), Is.False);
    }

    private async Task<(string PrivatePem, string PublicPem)> OpensslKeyAsync(string algorithm, string? option)
    {
        var privatePem = _scratch.Combine("key.pem");
        var publicPem = _scratch.Combine("pub.pem");
        string[] pkeyopt = option is null ? [] : ["-pkeyopt", option];
        await OpensslAsync(["genpkey", "-algorithm", algorithm, .. pkeyopt, "-out", privatePem]);
        await OpensslAsync("pkey", "-in", privatePem, "-pubout", "-out", publicPem);
        return (privatePem, publicPem);
    }

    private async Task<byte[]> OpensslSignAsync(Func<string, string, string[]> command)
    {
        var payload = _scratch.Combine("payload.json");
        var signature = _scratch.Combine("payload.sig");
        await File.WriteAllBytesAsync(payload, Payload);
        await OpensslAsync(command(payload, signature));
        return await File.ReadAllBytesAsync(signature);
    }

    private static Task<ProcessResult> OpensslAsync(params string[] arguments) =>
        ProcessRunner.RunCheckedAsync(new ProcessCommand(ProcessRunner.Require("openssl"), arguments));
}
