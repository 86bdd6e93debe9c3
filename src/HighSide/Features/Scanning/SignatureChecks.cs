using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>
/// Checks again, from quarantine, the cosign signatures of images from registries Policy:Cosign names: each such image must
/// carry a signature attachment that verifies against the high side's own keys for the image's digest. What does not is a
/// signature finding, which refuses the batch (signature-required) like malware.
/// </summary>
internal sealed class SignatureChecks(BlobLocator blobs, IOptions<CosignPolicyOptions> options)
{
    public const string ScannerName = "cosign";

    /// <summary>The signature findings of <paramref name="artifacts"/>, as the signed manifest in quarantine lists them.</summary>
    public async Task<IReadOnlyList<StoredFinding>> CheckAsync(string batchId, IReadOnlyList<ManifestArtifact> artifacts,
        CancellationToken cancellationToken)
    {
        if (options.Value.Registries.Count == 0)
        {
            return [];
        }

        var findings = new List<StoredFinding>();
        foreach (var (artifact, position) in artifacts.Select((a, i) => (a, (long)i)))
        {
            if (artifact.Kind != ArtifactKinds.Image || KeysFor(artifact.Source) is not { Count: > 0 } keys)
            {
                continue;
            }

            var verdict = await VerifyAsync(batchId, artifact, keys, cancellationToken);
            if (!verdict.IsVerified)
            {
                findings.Add(new StoredFinding(position, new ScanFinding($"{CosignVerdict.SignatureRequired}@{artifact.Name} {artifact.Digest}",
                    ScanFindingKind.Signature, ScannerName, ScanSeverity.Critical, $"{artifact.Name} {artifact.Digest}", verdict.Message, null)));
            }
        }

        return findings;
    }

    private List<CosignPublicKey>? KeysFor(string source)
    {
        var host = source.Split('/', 2)[0];
        return options.Value.Registries.FirstOrDefault(r => string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase))
            ?.PublicKeys.Select(CosignKeySource.Load).ToList();
    }

    private async Task<CosignVerdict> VerifyAsync(string batchId, ManifestArtifact artifact, List<CosignPublicKey> keys,
        CancellationToken cancellationToken)
    {
        var signatures = new List<CosignSignatureManifest>();
        foreach (var attachment in (artifact.Attachments ?? []).Where(a => a.Kind == AttachmentKinds.Signature))
        {
            var path = await FindAsync(batchId, attachment.Digest, cancellationToken);
            if (new FileInfo(path).Length > RegistryClientOptions.MaxManifestBytes)
            {
                continue;
            }

            signatures.Add(new CosignSignatureManifest(Digest.Parse(attachment.Digest),
                ImageManifest.Parse(await File.ReadAllBytesAsync(path, cancellationToken))));
        }

        return await new CosignVerifier(keys).VerifyAsync(Digest.Parse(artifact.Digest), signatures,
            async (digest, ct) => File.OpenRead(await FindAsync(batchId, digest.Value, ct)), cancellationToken);
    }

    private async Task<string> FindAsync(string batchId, string digest, CancellationToken cancellationToken) =>
        await blobs.FindAsync(batchId, digest, cancellationToken) ?? throw new ScannerFailedException($"blob {digest} is not in quarantine");
}
