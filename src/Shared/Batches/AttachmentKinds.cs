using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.Shared.Batches;

/// <summary>The kinds of <see cref="ManifestAttachment"/>, and the cosign tag suffix each tagged kind lives under.</summary>
public static class AttachmentKinds
{
    public const string Signature = "signature";
    public const string Attestation = "attestation";
    public const string Sbom = "sbom";
    public const string Referrer = "referrer";

    /// <summary>Most attachments one artifact carries.</summary>
    public const int MaxPerArtifact = 32;

    public static bool IsKnown(string? kind) => kind is Signature or Attestation or Sbom or Referrer;

    /// <summary>The tag suffix of a tagged kind (<c>.sig</c>, <c>.att</c>, <c>.sbom</c>); null for a referrer.</summary>
    public static string? TagSuffix(string kind) => kind switch
    {
        Signature => CosignNames.SignatureSuffix,
        Attestation => CosignNames.AttestationSuffix,
        Sbom => CosignNames.SbomSuffix,
        _ => null,
    };

    /// <summary>The manifest's kind for what <see cref="UpstreamAttachments"/> found.</summary>
    public static string For(UpstreamAttachmentKind kind) => kind switch
    {
        UpstreamAttachmentKind.SignatureTag => Signature,
        UpstreamAttachmentKind.AttestationTag => Attestation,
        UpstreamAttachmentKind.SbomTag => Sbom,
        _ => Referrer,
    };
}
