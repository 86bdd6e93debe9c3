namespace TransferPipeline.Shared.Oci;

/// <summary>What a request is for: drives the auth scope and the wording of errors.</summary>
/// <param name="Registry">Registry host[:port].</param>
/// <param name="Repository">Repository, or null for registry-wide requests.</param>
/// <param name="Reference">Tag, digest or other subject for messages.</param>
/// <param name="Description">Gerund phrase for messages, e.g. "fetching manifest".</param>
/// <param name="Push">Whether the request needs push rights.</param>
internal sealed record RegistryOperation(string Registry, string? Repository, string? Reference, string Description, bool Push)
{
    public string Scope => Repository is null ? string.Empty : $"repository:{Repository}:{(Push ? "pull,push" : "pull")}";

    /// <summary>e.g. "fetching manifest 'library/app:1.0'".</summary>
    public string Subject => (Repository, Reference) switch
    {
        (null, _) => Description,
        (_, null) => $"{Description} in '{Repository}'",
        _ when Reference.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) => $"{Description} '{Repository}@{Reference}'",
        _ => $"{Description} '{Repository}:{Reference}'",
    };
}
