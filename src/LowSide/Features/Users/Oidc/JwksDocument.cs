using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace TransferPipeline.LowSide.Features.Users.Oidc;

/// <summary>
/// A JSON Web Key Set as an identity provider publishes it: the RSA and EC keys for signatures are kept;
/// symmetric keys, encryption keys and keys the library cannot use are left out.
/// </summary>
internal static class JwksDocument
{
    /// <summary>The most a JWKS may hold; providers publish a few kilobytes.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <exception cref="InvalidDataException">The text is not a JWKS with at least one RSA or EC signing key.</exception>
    public static IReadOnlyList<SecurityKey> Parse(string json)
    {
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException)
        {
            throw new InvalidDataException("it is not a JSON Web Key Set ({\"keys\":[...]})", ex);
        }

        var asymmetric = new JsonWebKeySet();
        foreach (var key in set.Keys.Where(k => k.Kty is JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve))
        {
            asymmetric.Keys.Add(key);
        }

        var signing = asymmetric.GetSigningKeys();
        return signing.Count > 0 ? [.. signing] : throw new InvalidDataException("it holds no RSA or EC key for signatures");
    }

    /// <exception cref="InvalidDataException">The file is too large or not a JWKS with at least one RSA or EC signing key.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static IReadOnlyList<SecurityKey> Load(string path)
    {
        var length = new FileInfo(path).Length;
        return length <= MaxBytes ? Parse(File.ReadAllText(path)) : throw new InvalidDataException($"it has {length} bytes, more than a JWKS needs");
    }
}
