using FluentValidation;

namespace TransferPipeline.LowSide.Features.Users.Oidc;

/// <summary>
/// Auth:Oidc, when used: an issuer and an audience, the provider's keys from exactly one place (a URL the
/// daemon fetches over https, or a JWKS file that loads now), and a role for somebody.
/// </summary>
internal sealed class OidcOptionsValidator : AbstractValidator<OidcOptions>
{
    public OidcOptionsValidator()
    {
        When(o => o.IsUsed, () =>
        {
            RuleFor(o => o.Issuer).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("is required when Auth:Oidc is used (the provider's 'iss')")
                .Must(BeAnIssuer!).WithMessage("'{PropertyValue}' is not an http(s) URL without a query or fragment");
            RuleFor(o => o.Audience).NotEmpty().WithMessage("is required when Auth:Oidc is used (the 'aud' of tokens for this daemon)");
            RuleFor(o => o.JwksUrl).NotEmpty().When(o => string.IsNullOrWhiteSpace(o.JwksFile))
                .WithMessage("or Auth:Oidc:JwksFile is required: one of them says where the provider's signing keys are");
            RuleFor(o => o.JwksFile).Empty().When(o => !string.IsNullOrWhiteSpace(o.JwksUrl))
                .WithMessage("is set together with Auth:Oidc:JwksUrl: set only one (JwksFile when the daemon cannot reach the provider)");
            RuleFor(o => o.JwksUrl!).Must(BeAKeysUrl).When(o => !string.IsNullOrWhiteSpace(o.JwksUrl))
                .WithMessage("'{PropertyValue}' is not an https URL (plain http only on loopback)");
            RuleFor(o => o.JwksFile!).Custom(LoadKeys).When(o => !string.IsNullOrWhiteSpace(o.JwksFile) && string.IsNullOrWhiteSpace(o.JwksUrl));
            RuleFor(o => o.RoleClaim).NotEmpty();
            RuleFor(o => o.NameClaim).NotEmpty();
            RuleFor(o => o.Roles).Custom(CheckRoles);
            RuleFor(o => o.Roles)
                .Must(roles => roles.Values.Any(values => values.Count > 0))
                .When(o => string.IsNullOrWhiteSpace(o.DefaultRole))
                .WithMessage("grants no role and Auth:Oidc:DefaultRole is empty: every caller from the provider would be refused");
            RuleFor(o => o.DefaultRole)
                .Must(role => string.IsNullOrWhiteSpace(role) || string.Equals(role, UserRoles.Requester, StringComparison.OrdinalIgnoreCase))
                .WithMessage("'{PropertyValue}' cannot be the default: it is empty or 'requester' (operators and auditors are named in Auth:Oidc:Roles)");
        });
    }

    private static bool BeAnIssuer(string issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Query.Length == 0 && uri.Fragment.Length == 0;

    private static bool BeAKeysUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || (uri.Scheme == "http" && uri.IsLoopback));

    private static void CheckRoles(Dictionary<string, List<string>> roles, ValidationContext<OidcOptions> context)
    {
        foreach (var (role, values) in roles)
        {
            var setting = $"{nameof(OidcOptions.Roles)}.{role}";
            if (!UserRoles.All.Contains(role, StringComparer.OrdinalIgnoreCase))
            {
                context.AddFailure(setting, $"'{role}' is not a role ({string.Join(", ", UserRoles.All)})");
            }
            else if (values.Any(string.IsNullOrWhiteSpace))
            {
                context.AddFailure(setting, "lists an empty value");
            }
        }
    }

    private static void LoadKeys(string path, ValidationContext<OidcOptions> context)
    {
        try
        {
            _ = JwksDocument.Load(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            context.AddFailure($"'{path}' does not exist");
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            context.AddFailure($"'{path}' cannot be used: {ex.Message}");
        }
    }
}
