namespace TransferPipeline.Shared.Oci;

/// <summary>What <see cref="ReferrersTagFallback.RecordAsync"/> did.</summary>
public enum ReferrersFallbackOutcome
{
    /// <summary>The manifest has no <c>subject</c>; there is nothing to record.</summary>
    NotAReferrer,

    /// <summary>The registry has the referrers API and lists the manifest itself; no fallback tag was written.</summary>
    RegistryHasReferrersApi,

    /// <summary>The fallback index already listed the manifest (an earlier, interrupted publish); it was left as it was.</summary>
    AlreadyListed,

    /// <summary>The manifest's descriptor was added to the fallback index, which was pushed under its tag.</summary>
    Added,
}
