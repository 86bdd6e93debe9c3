using System.Collections.Immutable;

namespace TransferPipeline.Shared.Oci;

/// <summary>
/// Credentials per registry host[:port]. Registries without an entry are used anonymously.
/// Immutable: <see cref="WithBasic"/> returns a new instance.
/// </summary>
public sealed class RegistryCredentials
{
    private readonly ImmutableDictionary<string, RegistryCredential> _byRegistry;

    private RegistryCredentials(ImmutableDictionary<string, RegistryCredential> byRegistry) => _byRegistry = byRegistry;

    /// <summary>No credentials for any registry.</summary>
    public static RegistryCredentials Anonymous { get; } =
        new(ImmutableDictionary.Create<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase));

    /// <summary>A copy that also uses <paramref name="username"/>/<paramref name="password"/> for <paramref name="registry"/>.</summary>
    public RegistryCredentials WithBasic(string registry, string username, string password)
    {
        OciGrammar.ThrowIfInvalidRegistry(registry, nameof(registry));
        return new(_byRegistry.SetItem(registry, new RegistryCredential(username, password)));
    }

    /// <summary>The credential for <paramref name="registry"/>, or null for anonymous access.</summary>
    public RegistryCredential? Find(string registry) => _byRegistry.GetValueOrDefault(registry);
}
