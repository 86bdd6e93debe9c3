using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace TransferPipeline.Shared.Hashing;

/// <summary>
/// A SHA-512 written as base64, as the language ecosystems carry it: npm's integrity after its <c>sha512-</c> prefix, NuGet's
/// <c>.nupkg.sha512</c> and a lock file's <c>contentHash</c>. Only the canonical spelling of 64 bytes is accepted.
/// </summary>
public static class Sha512Base64
{
    /// <summary>Characters of the base64 of a SHA-512.</summary>
    public const int Length = 88;

    public static bool IsValid(string? value) => TryDecode(value, out _);

    /// <summary>The 64 bytes <paramref name="value"/> is the canonical base64 of.</summary>
    public static bool TryDecode(string? value, [NotNullWhen(true)] out byte[]? sha512)
    {
        sha512 = null;
        if (value is not { Length: Length })
        {
            return false;
        }

        var bytes = new byte[SHA512.HashSizeInBytes];
        if (!Convert.TryFromBase64String(value, bytes, out var written) || written != bytes.Length || Of(bytes) != value)
        {
            return false;
        }

        sha512 = bytes;
        return true;
    }

    public static string Of(ReadOnlySpan<byte> sha512) => Convert.ToBase64String(sha512);

    /// <summary>The SHA-512 of a file, read once sequentially.</summary>
    public static async Task<string> ComputeFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = Sha256Digest.OpenSequential(path);
        return Of(await SHA512.HashDataAsync(file, cancellationToken));
    }
}
