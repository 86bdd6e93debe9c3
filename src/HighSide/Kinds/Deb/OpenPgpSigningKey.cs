using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>
/// An OpenPGP secret key that signs apt Release files (BouncyCastle): generated as Ed25519 (EdDSA, which gpgv and apt on
/// Debian 12 verify) or read from an operator's armoured export; signs clear-signed (InRelease) and detached (Release.gpg)
/// with SHA-512, and exports its public key armoured for <c>signed-by</c>. Keys with a passphrase are not read.
/// </summary>
internal sealed class OpenPgpSigningKey
{
    private const HashAlgorithmTag Hash = HashAlgorithmTag.Sha512;

    private readonly PgpSecretKeyRing _ring;
    private readonly PgpSecretKey _signing;
    private readonly PgpPrivateKey _private;

    private OpenPgpSigningKey(PgpSecretKeyRing ring, PgpSecretKey signing, PgpPrivateKey key)
    {
        _ring = ring;
        _signing = signing;
        _private = key;
    }

    /// <summary>The primary key's v4 fingerprint, 40 uppercase hex digits (as <c>gpg --fingerprint</c> shows it, without spaces).</summary>
    public string Fingerprint => Convert.ToHexString(_ring.GetPublicKey().GetFingerprint());

    /// <summary>When the signing key was created: a signature must not be older.</summary>
    public DateTimeOffset CreatedUtc => new(DateTime.SpecifyKind(_signing.PublicKey.CreationTime, DateTimeKind.Utc));

    public static OpenPgpSigningKey Generate(string userId, DateTimeOffset createdUtc)
    {
        var random = new SecureRandom();
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(random));
        var pair = new PgpKeyPair(PublicKeyAlgorithmTag.EdDsa_Legacy, generator.GenerateKeyPair(), createdUtc.UtcDateTime);
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetKeyFlags(false, PgpKeyFlags.CanSign | PgpKeyFlags.CanCertify);
        hashed.SetPreferredHashAlgorithms(false, [(int)HashAlgorithmTag.Sha512, (int)HashAlgorithmTag.Sha256]);
        var rings = new PgpKeyRingGenerator(
            PgpSignature.PositiveCertification, pair, userId, SymmetricKeyAlgorithmTag.Null, Hash, Array.Empty<char>(), true,
            hashed.Generate(), null, random);
        var ring = rings.GenerateSecretKeyRing();
        return new OpenPgpSigningKey(ring, ring.GetSecretKey(), ring.GetSecretKey().ExtractPrivateKey(Array.Empty<char>()));
    }

    /// <summary>Reads the first key ring of an armoured (or binary) secret key export; throws <see cref="InvalidDataException"/>.</summary>
    public static OpenPgpSigningKey Read(Stream export)
    {
        try
        {
            var bundle = new PgpSecretKeyRingBundle(PgpUtilities.GetDecoderStream(export));
            var ring = bundle.GetKeyRings().FirstOrDefault() ?? throw new InvalidDataException("it holds no secret key");
            var signing = ring.GetSecretKeys().Where(k => k.IsSigningKey && !k.IsPrivateKeyEmpty && CanSign(k.PublicKey)).LastOrDefault()
                ?? throw new InvalidDataException("it holds no secret key that may sign");
            return new OpenPgpSigningKey(ring, signing, signing.ExtractPrivateKey(Array.Empty<char>()));
        }
        catch (Exception ex) when (ex is PgpException or IOException)
        {
            throw new InvalidDataException($"not an OpenPGP secret key without a passphrase: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the secret key ring, armoured.</summary>
    public void WriteSecret(Stream destination)
    {
        using var armour = new ArmoredOutputStream(destination, addVersionHeader: false);
        _ring.Encode(armour);
    }

    /// <summary>The public keys of the ring (primary and subkeys with their signatures), armoured: what apt's signed-by takes.</summary>
    public string PublicArmoured()
    {
        using var buffer = new MemoryStream();
        using (var armour = new ArmoredOutputStream(buffer, addVersionHeader: false))
        {
            foreach (var key in _ring.GetPublicKeys())
            {
                key.Encode(armour);
            }
        }

        return Armoured(buffer);
    }

    /// <summary>
    /// <paramref name="text"/> clear-signed as RFC 4880 (7.1) writes it: lines starting with a dash escaped, the signature over
    /// the lines without trailing blanks joined by CR LF, the line break before the signature not part of the text.
    /// </summary>
    public string ClearSign(string text, DateTimeOffset signedUtc)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = (text.EndsWith('\n') ? text[..^1] : text).Split('\n');
        var canonical = string.Join("\r\n", lines.Select(l => l.TrimEnd(' ', '\t', '\r')));
        var signature = Sign(PgpSignature.CanonicalTextDocument, Encoding.UTF8.GetBytes(canonical), signedUtc);
        var body = new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n");
        foreach (var line in lines)
        {
            body.Append(line.StartsWith('-') ? "- " : "").Append(line).Append('\n');
        }

        return body.Append(signature).ToString();
    }

    /// <summary>A detached, armoured signature of <paramref name="content"/> as it is (a binary document).</summary>
    public string DetachedSign(byte[] content, DateTimeOffset signedUtc) => Sign(PgpSignature.BinaryDocument, content, signedUtc);

    private string Sign(int type, byte[] content, DateTimeOffset signedUtc)
    {
        var generator = new PgpSignatureGenerator(_signing.PublicKey.Algorithm, Hash);
        generator.InitSign(type, _private);
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetSignatureCreationTime(false, signedUtc.UtcDateTime);
        hashed.SetIssuerFingerprint(false, _signing);
        generator.SetHashedSubpackets(hashed.Generate());
        generator.Update(content);
        using var buffer = new MemoryStream();
        using (var armour = new ArmoredOutputStream(buffer, addVersionHeader: false))
        {
            generator.Generate().Encode(armour);
        }

        return Armoured(buffer);
    }

    // BouncyCastle ends armour lines with the platform's line break and the last without one; files here use LF throughout.
    private static string Armoured(MemoryStream buffer) =>
        Encoding.ASCII.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";

    // A key's own flags (from its self-signatures or binding signature); a key without any is taken as able to sign.
    private static bool CanSign(PgpPublicKey key)
    {
        var flags = key.GetSignatures().Select(s => s.GetHashedSubPackets()?.GetKeyFlags() ?? 0).Where(f => f != 0).ToList();
        return flags.Count == 0 || flags.Any(f => (f & PgpKeyFlags.CanSign) != 0);
    }
}
