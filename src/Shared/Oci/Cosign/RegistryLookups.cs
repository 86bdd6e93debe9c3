using System.Net;

namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>Registry look-ups where "not there" is an answer, not an error.</summary>
internal static class RegistryLookups
{
    /// <summary>The manifest tagged <paramref name="tag"/>, or null when the registry says 404.</summary>
    public static async Task<ManifestResult?> TryGetTaggedAsync(
        this RegistryClient client,
        string registry,
        string repository,
        string tag,
        CancellationToken ct)
    {
        try
        {
            return await client.GetManifestAsync(ImageReference.Create(registry, repository, tag, null), ct);
        }
        catch (RegistryException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
