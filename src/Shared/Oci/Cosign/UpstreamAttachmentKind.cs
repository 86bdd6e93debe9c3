namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>How an attachment was found pointing at an image.</summary>
public enum UpstreamAttachmentKind
{
    /// <summary>The cosign tag <c>sha256-&lt;hex&gt;.sig</c>.</summary>
    SignatureTag,

    /// <summary>The cosign tag <c>sha256-&lt;hex&gt;.att</c> (attestations).</summary>
    AttestationTag,

    /// <summary>The cosign tag <c>sha256-&lt;hex&gt;.sbom</c>.</summary>
    SbomTag,

    /// <summary>A manifest the referrers API lists with the image as its subject.</summary>
    Referrer,
}
