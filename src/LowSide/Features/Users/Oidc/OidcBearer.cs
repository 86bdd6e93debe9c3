using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TransferPipeline.LowSide.Features.Users.Oidc;

/// <summary>
/// The JWT bearer scheme for tokens from the organisation's identity provider: issuer, audience, lifetime
/// (one minute of clock skew) and an RSA or EC signature by a key from the provider's JWKS, then a
/// <c>sub</c> and the caller it stands for (<see cref="OidcCallers"/>).
/// </summary>
internal sealed class OidcBearer(IOptions<OidcOptions> oidc, ILogger<OidcBearer> logger) : IConfigureNamedOptions<JwtBearerOptions>
{
    public const string SchemeName = "Oidc";

    /// <summary>How long one fetch of Auth:Oidc:JwksUrl may take.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == SchemeName)
        {
            Configure(options);
        }
    }

    public void Configure(JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = oidc.Value;
        // Claims keep the names the provider gave them (sub, roles, name), which is what Auth:Oidc names.
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            ValidAlgorithms = AsymmetricAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        };
        if (string.IsNullOrWhiteSpace(settings.JwksUrl))
        {
            options.TokenValidationParameters.IssuerSigningKeys = JwksDocument.Load(settings.JwksFile!);
        }
        else
        {
            options.ConfigurationManager = KeysFrom(new Uri(settings.JwksUrl), settings.Issuer!);
        }

        var callers = new OidcCallers(settings);
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var (principal, refusal) = callers.Resolve(context.Principal!, SchemeName);
                if (refusal is not null)
                {
                    logger.LogInformation("OIDC token refused: {Reason}", refusal);
                    context.Fail(refusal);
                }
                else
                {
                    context.Principal = principal;
                    if (!principal!.HasClaim(c => c.Type == ClaimTypes.Role))
                    {
                        logger.LogInformation("OIDC caller {Identity} has no role: none of their '{RoleClaim}' values is in Auth:Oidc:Roles",
                            principal.FindFirstValue(ClaimTypes.NameIdentifier), settings.RoleClaim);
                    }
                }

                return Task.CompletedTask;
            },
        };
    }

    private static ConfigurationManager<OpenIdConnectConfiguration> KeysFrom(Uri jwks, string issuer)
    {
        // Lives as long as the options, i.e. the daemon.
        var http = new HttpClient { Timeout = FetchTimeout, MaxResponseContentBufferSize = JwksDocument.MaxBytes };
        var documents = new HttpDocumentRetriever(http) { RequireHttps = !jwks.IsLoopback };
        return new ConfigurationManager<OpenIdConnectConfiguration>(jwks.AbsoluteUri, new JwksUrlRetriever(issuer), documents);
    }
}
