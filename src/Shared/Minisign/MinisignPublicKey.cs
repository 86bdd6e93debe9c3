using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Shared.Minisign;

/// <summary>A minisign public key: an 8-byte key id and an Ed25519 key.</summary>
public sealed class MinisignPublicKey
{
    /// <summary>Length of a minisign key id in bytes.</summary>
    public const int KeyIdLength = MinisignText.KeyIdLength;

    private const int EncodedLength = 2 + KeyIdLength + Ed25519PublicKey.Length;

    private readonly byte[] _keyId;

    internal MinisignPublicKey(ReadOnlySpan<byte> keyId, Ed25519PublicKey key)
    {
        if (keyId.Length != KeyIdLength)
        {
            throw new ArgumentException($"A minisign key id is {KeyIdLength} bytes.", nameof(keyId));
        }

        _keyId = keyId.ToArray();
        KeyIdHex = MinisignText.KeyIdHex(keyId);
        Key = key;
    }

    /// <summary>The 8 key id bytes as stored in keys and signatures.</summary>
    public ReadOnlySpan<byte> KeyId => _keyId;

    /// <summary>The key id as minisign prints it (uppercase hex without leading zeros, at most 16 digits).</summary>
    public string KeyIdHex { get; }

    /// <summary>The Ed25519 public key.</summary>
    public Ed25519PublicKey Key { get; }

    /// <summary>
    /// Parses a whole minisign .pub file or just its base64 line (what <c>minisign -P</c> takes).
    /// </summary>
    /// <exception cref="MinisignFormatException">The text is not a minisign Ed25519 public key.</exception>
    public static MinisignPublicKey Parse(string fileTextOrBase64Line)
    {
        ArgumentNullException.ThrowIfNull(fileTextOrBase64Line);
        if (fileTextOrBase64Line.Length > MinisignText.MaxKeyFileBytes)
        {
            throw new MinisignFormatException($"Public key text is longer than {MinisignText.MaxKeyFileBytes} characters.");
        }

        var text = fileTextOrBase64Line.Trim();
        var lines = MinisignText.SplitLines(text);
        string base64;
        switch (lines.Length)
        {
            case 1:
                base64 = lines[0];
                break;
            case 2:
                MinisignText.RequirePrefix(lines[0], MinisignText.UntrustedCommentPrefix, "Public key line 1");
                base64 = lines[1];
                break;
            default:
                throw new MinisignFormatException(
                    $"Public key must be one base64 line or a two-line minisign file, got {lines.Length} lines.");
        }

        var what = lines.Length == 1 ? "Public key" : "Public key line 2";
        var bytes = MinisignText.DecodeBase64(base64, EncodedLength, what);
        if (bytes[0] != 'E' || bytes[1] != 'd')
        {
            throw new MinisignFormatException($"{what} does not hold an Ed25519 (\"Ed\") minisign key.");
        }

        return new MinisignPublicKey(bytes.AsSpan(2, KeyIdLength), Ed25519PublicKey.Import(bytes.AsSpan(2 + KeyIdLength)));
    }

    /// <summary>Reads and parses a minisign .pub file.</summary>
    /// <exception cref="MinisignFormatException">The file is not a minisign public key.</exception>
    public static MinisignPublicKey Load(string path) =>
        Parse(MinisignText.ReadSmallTextFile(path, MinisignText.MaxKeyFileBytes, "Public key file"));

    /// <summary>The base64 line: "Ed", key id, key.</summary>
    public string ToBase64()
    {
        var bytes = new byte[EncodedLength];
        bytes[0] = (byte)'E';
        bytes[1] = (byte)'d';
        _keyId.CopyTo(bytes, 2);
        Key.Bytes.CopyTo(bytes.AsSpan(2 + KeyIdLength));
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The .pub file exactly as minisign writes it.</summary>
    public string ToFileText() =>
        $"{MinisignText.UntrustedCommentPrefix}minisign public key {KeyIdHex}\n{ToBase64()}\n";

    public override string ToString() => KeyIdHex;
}
