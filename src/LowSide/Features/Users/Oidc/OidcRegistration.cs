using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Options;

namespace TransferPipeline.LowSide.Features.Users.Oidc;

internal static class OidcRegistration
{
    /// <summary>Auth:Oidc, validated at start; the bearer scheme for the identity provider's tokens when the section is used.</summary>
    /// <returns>Whether OIDC is on.</returns>
    public static bool AddOidc(this AuthenticationBuilder authentication, DaemonBuilder daemon)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        daemon.Services.AddValidatedOptions<OidcOptions, OidcOptionsValidator>(daemon.Configuration, OidcOptions.Section);
        var section = daemon.Configuration.GetSection(OidcOptions.Section);
        daemon.Services.PostConfigure<OidcOptions>(oidc =>
        {
            if (!string.IsNullOrWhiteSpace(oidc.JwksFile))
            {
                oidc.JwksFile = daemon.Data.Resolve(oidc.JwksFile);
            }

            AddSingleRoleValues(section.GetSection(nameof(OidcOptions.Roles)), oidc);
        });
        var configured = section.Get<OidcOptions>() ?? new OidcOptions();
        AddSingleRoleValues(section.GetSection(nameof(OidcOptions.Roles)), configured);
        if (!configured.IsUsed)
        {
            return false;
        }

        daemon.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, OidcBearer>();
        authentication.AddJwtBearer(OidcBearer.SchemeName);
        return true;
    }

    // The binder leaves a list empty when the setting is one string (Roles:requester = "transfer-requesters"),
    // the form most sites write; a list (Roles:operator:0, :1 ...) binds as it is.
    private static void AddSingleRoleValues(IConfigurationSection roles, OidcOptions oidc)
    {
        foreach (var role in roles.GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(role.Value))
            {
                oidc.Roles[role.Key] = [role.Value];
            }
        }
    }
}
