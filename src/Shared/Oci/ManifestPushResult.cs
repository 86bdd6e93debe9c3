namespace TransferPipeline.Shared.Oci;

/// <summary>What <see cref="RegistryClient.PushManifestAsync"/> did.</summary>
/// <param name="Digest">SHA-256 of the pushed bytes.</param>
/// <param name="SubjectAcknowledged">
/// The registry answered with an <c>OCI-Subject</c> header: it has the referrers API and indexed the manifest's subject.
/// </param>
public sealed record ManifestPushResult(Digest Digest, bool SubjectAcknowledged);
