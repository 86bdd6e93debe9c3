namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>The names cosign's signature spec fixes: media types, annotation keys, the payload type and the tag scheme.</summary>
public static class CosignNames
{
    /// <summary>Media type of a layer whose blob is a simple-signing payload.</summary>
    public const string SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    /// <summary>Layer annotation holding the base64 signature over the payload bytes.</summary>
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    /// <summary>The required <c>critical.type</c> of a cosign payload.</summary>
    public const string PayloadType = "cosign container image signature";

    /// <summary>The artifactType cosign gives signature manifests it attaches as OCI 1.1 referrers.</summary>
    public const string SignatureArtifactType = "application/vnd.dev.cosign.artifact.sig.v1+json";

    /// <summary>Tag suffix of signatures.</summary>
    public const string SignatureSuffix = ".sig";

    /// <summary>Tag suffix of attestations.</summary>
    public const string AttestationSuffix = ".att";

    /// <summary>Tag suffix of attached SBOMs.</summary>
    public const string SbomSuffix = ".sbom";

    /// <summary>The tag-scheme tag for <paramref name="image"/>: <c>sha256-&lt;hex&gt;&lt;suffix&gt;</c>.</summary>
    public static string Tag(Digest image, string suffix) => $"sha256-{image.Hex}{suffix}";

    /// <summary>True for a layer that carries a simple-signing payload.</summary>
    public static bool IsSignatureLayer(OciDescriptor layer) => layer.MediaType == SimpleSigningMediaType;
}
