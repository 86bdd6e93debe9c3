using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TransferPipeline.LowSide.Features.Users.Oidc;

/// <summary>
/// Fetches Auth:Oidc:JwksUrl for the bearer handler's configuration manager (which caches it and fetches
/// it again when a token names a key it does not know): the provider's keys, under the configured issuer.
/// The discovery document is not read, so the provider's metadata cannot move the keys elsewhere.
/// </summary>
internal sealed class JwksUrlRetriever(string issuer) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        var keys = JwksDocument.Parse(await retriever.GetDocumentAsync(address, cancel));
        var configuration = new OpenIdConnectConfiguration { Issuer = issuer, JwksUri = address };
        foreach (var key in keys)
        {
            configuration.SigningKeys.Add(key);
        }

        return configuration;
    }
}
