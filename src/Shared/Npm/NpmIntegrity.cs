using System.Diagnostics.CodeAnalysis;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Npm;

/// <summary>
/// npm's integrity of a tarball: a Subresource Integrity string with one SHA-512, <c>sha512-BASE64</c> (the registry's
/// <c>dist.integrity</c>, a lock file's <c>integrity</c>). Older SHA-1 <c>shasum</c>s are not accepted.
/// </summary>
public static class NpmIntegrity
{
    public const string Prefix = "sha512-";

    public const string Description = "'sha512-' and the base64 of a SHA-512";

    public static bool IsValid(string? value) => TryDecode(value, out _);

    /// <summary>The 64 bytes of a <c>sha512-BASE64</c> string, canonically written.</summary>
    public static bool TryDecode(string? value, [NotNullWhen(true)] out byte[]? sha512)
    {
        sha512 = null;
        return value is not null && value.StartsWith(Prefix, StringComparison.Ordinal)
            && Sha512Base64.TryDecode(value[Prefix.Length..], out sha512);
    }

    /// <summary>The integrity string of a SHA-512.</summary>
    public static string Of(ReadOnlySpan<byte> sha512) => Prefix + Sha512Base64.Of(sha512);
}
