namespace TransferPipeline.LowSide.Features.Sources;

/// <summary>
/// Sources:Registries:N:Cosign. With public keys, every image gathered from the registry must carry a cosign
/// signature by one of them, for the digest the request resolved to.
/// </summary>
internal sealed class RegistryCosignOptions
{
    /// <summary>PEM public keys (ECDSA P-256 or Ed25519): the PEM text itself, or an absolute path to a .pem file.</summary>
    public List<string> PublicKeys { get; set; } = [];
}
