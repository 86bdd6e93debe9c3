using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>
/// An identity provider in the test: an RSA and an EC signing key it generates, its JWKS document, and
/// tokens it signs (RS256 or ES256) for the issuer and audience a low side is configured with.
/// </summary>
internal sealed class TestIdentityProvider : IDisposable
{
    public const string Issuer = "https://idp.test/realms/transfer";
    public const string Audience = "transferpipeline-lowside";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _keyPrefix = Guid.NewGuid().ToString("N")[..8];

    /// <summary>{"keys":[...]}: the public halves of both keys, as a provider publishes them.</summary>
    public string Jwks()
    {
        var rsa = _rsa.ExportParameters(includePrivateParameters: false);
        var ec = _ec.ExportParameters(includePrivateParameters: false);
        var keys = new JsonArray
        {
            new JsonObject
            {
                ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = _keyPrefix + "-rsa",
                ["n"] = Base64UrlEncoder.Encode(rsa.Modulus), ["e"] = Base64UrlEncoder.Encode(rsa.Exponent),
            },
            new JsonObject
            {
                ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = _keyPrefix + "-ec", ["crv"] = "P-256",
                ["x"] = Base64UrlEncoder.Encode(ec.Q.X), ["y"] = Base64UrlEncoder.Encode(ec.Q.Y),
            },
        };
        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    /// <summary>A token for <paramref name="subject"/>, valid for ten minutes unless <paramref name="edit"/> says otherwise.</summary>
    public string Token(string subject, string algorithm = SecurityAlgorithms.RsaSha256, Action<SecurityTokenDescriptor>? edit = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            SigningCredentials = algorithm == SecurityAlgorithms.EcdsaSha256
                ? new SigningCredentials(new ECDsaSecurityKey(_ec) { KeyId = _keyPrefix + "-ec" }, algorithm)
                : new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = _keyPrefix + "-rsa" }, algorithm),
        };
        edit?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>"alg":"none"</c>) that is otherwise valid: what an attacker sends when a verifier trusts the header.</summary>
    public static string Unsigned(string subject)
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
        var expires = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = new JsonObject { ["iss"] = Issuer, ["aud"] = Audience, ["sub"] = subject, ["exp"] = expires, ["roles"] = "transfer-operators" };
        return Encode(header) + "." + Encode(payload) + ".";

        static string Encode(JsonNode json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json.ToJsonString(JsonSerializerOptions.Default)));
    }

    /// <summary>
    /// Auth:Oidc for this provider, its keys at <paramref name="keysSetting"/> (JwksFile or JwksUrl): requesters,
    /// operators and auditors by group, one as a single string and the others as lists, as sites write them.
    /// </summary>
    public static JsonObject Settings(string keysSetting, string keysValue) => new()
    {
        ["Issuer"] = Issuer,
        ["Audience"] = Audience,
        [keysSetting] = keysValue,
        ["Roles"] = new JsonObject
        {
            ["requester"] = "transfer-requesters",
            ["operator"] = new JsonArray("transfer-operators", "tp-admins"),
            ["auditor"] = new JsonArray("transfer-auditors"),
        },
    };

    /// <summary>The identity the low side stores for <paramref name="subject"/> of this provider.</summary>
    public static string IdentityOf(string subject) => $"oidc:{Issuer}#{subject}";

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
    }
}
