using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Oci;

/// <summary>
/// A content digest in the form <c>sha256:&lt;64 lowercase hex&gt;</c>. Only SHA-256 is accepted:
/// every registry this product talks to uses it, and refusing the rest keeps verification simple.
/// </summary>
[JsonConverter(typeof(DigestJsonConverter))]
public readonly record struct Digest
{
    /// <summary>The only accepted algorithm prefix, <c>sha256:</c>.</summary>
    public const string Sha256Prefix = "sha256:";

    private const int HexLength = 64;

    private readonly string? _value;

    private Digest(string value) => _value = value;

    /// <summary>The full digest string, e.g. <c>sha256:9f86d0...</c>.</summary>
    public string Value => _value ?? throw new InvalidOperationException("This Digest is the default value and holds no digest.");

    /// <summary>The 64 lowercase hex characters after the algorithm prefix.</summary>
    public string Hex => Value[Sha256Prefix.Length..];

    /// <summary>Parses <paramref name="value"/> or throws <see cref="FormatException"/> with the reason.</summary>
    public static Digest Parse(string value) =>
        TryParse(value, out var digest, out var error) ? digest : throw new FormatException(error);

    /// <summary>Validates <c>sha256:&lt;64 lowercase hex&gt;</c>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out Digest digest, out string error)
    {
        digest = default;
        if (string.IsNullOrEmpty(value))
        {
            error = "digest is empty";
            return false;
        }

        if (!value.StartsWith(Sha256Prefix, StringComparison.Ordinal))
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var algorithm = colon > 0 ? DisplayText.Printable(value[..colon]) : DisplayText.Printable(value);
            error = colon > 0
                ? $"digest algorithm '{algorithm}' is not supported; only sha256 is accepted"
                : $"'{algorithm}' is not a digest; expected sha256:<64 hex characters>";
            return false;
        }

        var hex = value.AsSpan(Sha256Prefix.Length);
        if (hex.Length != HexLength)
        {
            error = $"sha256 digest must have {HexLength} hex characters, got {hex.Length}";
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                error = "sha256 digest must be lowercase hex (0-9, a-f)";
                return false;
            }
        }

        digest = new Digest(value);
        error = string.Empty;
        return true;
    }

    /// <summary>Builds a digest from a 32-byte SHA-256 hash value.</summary>
    public static Digest FromSha256Hash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A SHA-256 hash has {SHA256.HashSizeInBytes} bytes, got {hash.Length}.", nameof(hash));
        }

        return new Digest(Sha256Prefix + Convert.ToHexStringLower(hash));
    }

    /// <summary>Computes the SHA-256 digest of <paramref name="content"/>.</summary>
    public static Digest Compute(ReadOnlySpan<byte> content) => FromSha256Hash(SHA256.HashData(content));

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;
}
