namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>A manifest that points at an image and should travel with it (signature, attestation, SBOM, other referrer).</summary>
/// <param name="Kind">Which tag of the cosign scheme, or a referrer.</param>
/// <param name="Tag">The tag it was found under; null for a referrer.</param>
/// <param name="Digest">The attachment manifest's digest.</param>
/// <param name="MediaType">The attachment manifest's media type.</param>
/// <param name="ArtifactType">Its artifactType, when it declares one (or the referrers index does).</param>
/// <param name="Size">The manifest's size in bytes.</param>
public sealed record UpstreamAttachment(
    UpstreamAttachmentKind Kind,
    string? Tag,
    Digest Digest,
    string MediaType,
    string? ArtifactType,
    long Size);
