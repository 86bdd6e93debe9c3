using System.Globalization;
using System.Text;

namespace TransferPipeline.Shared.Identity;

/// <summary>
/// Who asked for an artifact, as the low side authenticated them: <c>local:NAME</c> (an OS user on the
/// low side's host, or a local user with an API token) or <c>oidc:ISSUER#SUBJECT</c>. It travels in the
/// signed manifest and is compared with the identities linked to each officer; two spellings that differ
/// only in case, surrounding white space or Unicode normal form are the same identity.
/// </summary>
public static class RequesterIdentity
{
    public const int MaxLength = 512;

    /// <summary>The identity of an OS user on the low side's host (the CLI).</summary>
    public static string ForLocalUser(string name) => "local:" + Canonical(name);

    /// <summary>
    /// The identity of a person the organisation's identity provider signed a token for: the issuer as the
    /// low side is configured to trust it, and the token's subject (<c>sub</c>), which the provider never reassigns.
    /// </summary>
    public static string ForOidcSubject(string issuer, string subject) => "oidc:" + Canonical(issuer) + "#" + Canonical(subject);

    /// <summary>The form identities are compared in: trimmed, NFKC, lower case (invariant).</summary>
    public static string Canonical(string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var trimmed = identity.Trim();
        // ASCII text is its own NFKC form and its invariant lower case is ASCII's: spelling it so spares every CLI command
        // the invariant culture's casing tables (milliseconds of its start), since each names its caller.
        return Ascii.IsValid(trimmed)
            ? string.Create(trimmed.Length, trimmed, static (lower, text) => Ascii.ToLower(text, lower, out _))
            : trimmed.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
    }

    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && string.Equals(Canonical(a), Canonical(b), StringComparison.Ordinal);

    /// <summary>A well-formed identity: a scheme (local or oidc), a colon, printable text, at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsWellFormed(string? identity)
    {
        if (identity is not { Length: > 0 and <= MaxLength } || identity.Any(char.IsControl))
        {
            return false;
        }

        var canonical = Canonical(identity);
        return (canonical.StartsWith("local:", StringComparison.Ordinal) || canonical.StartsWith("oidc:", StringComparison.Ordinal))
            && canonical.Length > canonical.IndexOf(':', StringComparison.Ordinal) + 1;
    }
}
