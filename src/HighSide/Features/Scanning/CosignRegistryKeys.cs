namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>One source registry (host[:port], as image sources name it) and the PEM public keys its images must be signed with.</summary>
internal sealed class CosignRegistryKeys
{
    public string Host { get; set; } = "";

    /// <summary>PEM public keys (ECDSA P-256 or Ed25519): the PEM text itself, or an absolute path to a .pem file.</summary>
    public List<string> PublicKeys { get; set; } = [];
}
