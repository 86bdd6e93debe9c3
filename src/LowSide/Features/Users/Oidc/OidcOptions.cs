namespace TransferPipeline.LowSide.Features.Users.Oidc;

/// <summary>
/// Configuration section "Auth:Oidc": bearer tokens signed by the organisation's identity provider, the
/// second way into the API beside personal API tokens. Empty or absent: off.
/// </summary>
internal sealed class OidcOptions
{
    public const string Section = "Auth:Oidc";

    /// <summary>The provider's issuer (<c>iss</c>) exactly as its tokens carry it; identities are <c>oidc:ISSUER#SUBJECT</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience (<c>aud</c>) the provider puts in tokens meant for this daemon: its client id or API identifier.</summary>
    public string? Audience { get; set; }

    /// <summary>Where the provider publishes its signing keys (a JWKS document): https, or http on loopback.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>A local copy of the provider's JWKS, for sites whose daemon cannot reach the provider; relative to the data directory.</summary>
    public string? JwksFile { get; set; }

    /// <summary>The claim holding the provider's roles or groups (a string or an array of strings).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Our roles (requester, operator, auditor) to the <see cref="RoleClaim"/> values that grant them.</summary>
    public Dictionary<string, List<string>> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The role of a caller none of whose values is mapped: empty (refused, 403) or "requester".</summary>
    public string? DefaultRole { get; set; }

    /// <summary>The claim with a name to show; <c>preferred_username</c>, then the subject, when the token lacks it.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>Whether the section says anything: then it must say enough to validate tokens.</summary>
    public bool IsUsed =>
        new[] { Issuer, Audience, JwksUrl, JwksFile, DefaultRole }.Any(s => !string.IsNullOrWhiteSpace(s)) || Roles.Count > 0;
}
