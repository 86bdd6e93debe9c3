using System.Text;
using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Minisign;

/// <summary>A minisign signature file (FILE.minisig): four lines, each ending in LF.</summary>
public sealed class MinisignSignature
{
    /// <summary>Longest untrusted comment we write: minisign reads that line into 1024 bytes.</summary>
    public const int MaxUntrustedCommentBytes = 1000;

    /// <summary>Longest trusted comment we write; the whole file must stay under 8 KiB.</summary>
    public const int MaxTrustedCommentBytes = 4096;

    private const int SignatureBlockLength = 2 + MinisignText.KeyIdLength + Ed25519PublicKey.SignatureLength;

    private readonly byte[] _keyId;
    private readonly byte[] _signature;
    private readonly byte[] _globalSignature;

    internal MinisignSignature(
        string untrustedComment,
        MinisignAlgorithm algorithm,
        ReadOnlySpan<byte> keyId,
        ReadOnlySpan<byte> signature,
        string trustedComment,
        ReadOnlySpan<byte> globalSignature)
    {
        UntrustedComment = untrustedComment;
        Algorithm = algorithm;
        _keyId = keyId.ToArray();
        _signature = signature.ToArray();
        TrustedComment = trustedComment;
        _globalSignature = globalSignature.ToArray();
    }

    /// <summary>Line 1 after "untrusted comment: ". Not covered by any signature.</summary>
    public string UntrustedComment { get; }

    /// <summary>Prehashed ("ED") or legacy ("Ed").</summary>
    public MinisignAlgorithm Algorithm { get; }

    /// <summary>Key id of the signing key (8 bytes).</summary>
    public ReadOnlySpan<byte> KeyId => _keyId;

    /// <summary>The key id as minisign prints it.</summary>
    public string KeyIdHex => MinisignText.KeyIdHex(_keyId);

    /// <summary>Ed25519 signature over the message (or its BLAKE2b-512 hash when prehashed).</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>Line 3 after "trusted comment: ", covered by <see cref="GlobalSignature"/>.</summary>
    public string TrustedComment { get; }

    /// <summary>Ed25519 signature over <see cref="Signature"/> followed by the UTF-8 trusted comment.</summary>
    public ReadOnlySpan<byte> GlobalSignature => _globalSignature;

    /// <summary>Parses the text of a .minisig file.</summary>
    /// <exception cref="MinisignFormatException">Anything malformed; the message names the line.</exception>
    public static MinisignSignature Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MinisignText.MaxSignatureFileBytes || Encoding.UTF8.GetByteCount(text) > MinisignText.MaxSignatureFileBytes)
        {
            throw new MinisignFormatException($"Signature is larger than {MinisignText.MaxSignatureFileBytes} bytes.");
        }

        var lines = MinisignText.SplitLines(text);
        if (lines.Length != 4)
        {
            throw new MinisignFormatException($"Signature must have 4 lines, got {lines.Length}.");
        }

        var untrusted = MinisignText.RequirePrefix(lines[0], MinisignText.UntrustedCommentPrefix, "Signature line 1");
        RequireCleanComment(untrusted, "Signature line 1");
        var block = MinisignText.DecodeBase64(lines[1], SignatureBlockLength, "Signature line 2");
        var algorithm = (block[0], block[1]) switch
        {
            ((byte)'E', (byte)'D') => MinisignAlgorithm.Prehashed,
            ((byte)'E', (byte)'d') => MinisignAlgorithm.Legacy,
            _ => throw new MinisignFormatException("Signature line 2 has an unknown signature algorithm."),
        };
        var trusted = MinisignText.RequirePrefix(lines[2], MinisignText.TrustedCommentPrefix, "Signature line 3");
        RequireCleanComment(trusted, "Signature line 3");
        var global = MinisignText.DecodeBase64(lines[3], Ed25519PublicKey.SignatureLength, "Signature line 4");

        return new MinisignSignature(
            untrusted,
            algorithm,
            block.AsSpan(2, MinisignText.KeyIdLength),
            block.AsSpan(2 + MinisignText.KeyIdLength),
            trusted,
            global);
    }

    /// <summary>Reads and parses a .minisig file, refusing files over 8 KiB without reading them whole.</summary>
    /// <exception cref="MinisignFormatException">Anything malformed.</exception>
    public static MinisignSignature Load(string path) =>
        Parse(MinisignText.ReadSmallTextFile(path, MinisignText.MaxSignatureFileBytes, "Signature file"));

    /// <summary>The .minisig text, laid out byte for byte as minisign writes it.</summary>
    public string ToFileText()
    {
        var block = new byte[SignatureBlockLength];
        block[0] = (byte)'E';
        block[1] = Algorithm == MinisignAlgorithm.Prehashed ? (byte)'D' : (byte)'d';
        _keyId.CopyTo(block, 2);
        _signature.CopyTo(block, 2 + MinisignText.KeyIdLength);

        return $"{MinisignText.UntrustedCommentPrefix}{UntrustedComment}\n" +
            $"{Convert.ToBase64String(block)}\n" +
            $"{MinisignText.TrustedCommentPrefix}{TrustedComment}\n" +
            $"{Convert.ToBase64String(_globalSignature)}\n";
    }

    /// <summary>The bytes the global signature covers: the signature, then the UTF-8 trusted comment.</summary>
    internal static byte[] GlobalSignedData(ReadOnlySpan<byte> signature, string trustedComment)
    {
        var data = new byte[signature.Length + Encoding.UTF8.GetByteCount(trustedComment)];
        signature.CopyTo(data);
        Encoding.UTF8.GetBytes(trustedComment, data.AsSpan(signature.Length));
        return data;
    }

    // minisign cuts a comment at CR or NUL, so it would check a different comment than we show.
    private static void RequireCleanComment(string comment, string what)
    {
        if (comment.AsSpan().IndexOfAny('\r', '\0') >= 0)
        {
            throw new MinisignFormatException($"{what} contains a CR or NUL character.");
        }
    }
}
