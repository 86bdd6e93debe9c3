namespace TransferPipeline.LowSide.Features.Users.Oidc;

/// <summary>
/// Auth:Oidc:Roles and DefaultRole: which of our roles a caller's role-claim values grant. One role per
/// caller, as for local users; a caller whose values grant several gets the one that can do most
/// (operator, then auditor, then requester).
/// </summary>
internal sealed class OidcRoleMapping(IReadOnlyDictionary<string, List<string>> roles, string? defaultRole)
{
    private static readonly string[] ByPower = [UserRoles.Operator, UserRoles.Auditor, UserRoles.Requester];

    public static OidcRoleMapping From(OidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OidcRoleMapping(options.Roles, string.IsNullOrWhiteSpace(options.DefaultRole) ? null : UserRoles.Requester);
    }

    /// <summary>The role <paramref name="values"/> grant, the default role, or null: no role at all.</summary>
    public string? RoleOf(IReadOnlyCollection<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return ByPower.FirstOrDefault(role => Granted(role).Any(values.Contains)) ?? defaultRole;
    }

    // Role names are configuration keys, whose case the configuration sources do not keep alike.
    private IEnumerable<string> Granted(string role) =>
        roles.Where(r => string.Equals(r.Key, role, StringComparison.OrdinalIgnoreCase)).SelectMany(r => r.Value);
}
