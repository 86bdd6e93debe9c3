using Microsoft.Extensions.Options;
using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.LowSide.Features.Sources;

/// <summary>
/// The cosign keys each registry's images must be signed by (Sources:Registries:N:Cosign:PublicKeys), read once at start;
/// the options validator has already refused a key that does not load.
/// </summary>
internal sealed class RegistrySignatureKeys(IOptions<SourcesOptions> options)
{
    private readonly Lazy<Dictionary<string, CosignVerifier>> _verifiers = new(() => Build(options.Value));

    /// <summary>The verifier for images from <paramref name="registryHost"/>, or null when it requires no signature.</summary>
    public CosignVerifier? For(string registryHost) => _verifiers.Value.GetValueOrDefault(registryHost);

    private static Dictionary<string, CosignVerifier> Build(SourcesOptions sources) =>
        sources.Registries
            .Where(r => r.Cosign.PublicKeys.Count > 0)
            .GroupBy(r => r.Host, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => new CosignVerifier(g.SelectMany(r => r.Cosign.PublicKeys).Select(CosignKeySource.Load)),
                StringComparer.OrdinalIgnoreCase);
}
