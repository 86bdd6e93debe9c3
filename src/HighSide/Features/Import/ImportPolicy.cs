using Microsoft.Extensions.Options;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>The high side's own rules on top of the signature: allowed kinds and sources, and size quotas.</summary>
internal sealed class ImportPolicy(IOptions<PolicyOptions> options)
{
    public long MaxBatchBytes => options.Value.MaxBatchBytes;

    public Failure? Check(BatchManifest manifest)
    {
        var policy = options.Value;
        var bytes = manifest.Volumes.Sum(v => v.Bytes);
        if (bytes > policy.MaxBatchBytes)
        {
            return new(ImportReasons.QuotaExceeded, $"the batch holds {bytes} bytes; at most {policy.MaxBatchBytes} are accepted");
        }

        foreach (var artifact in manifest.Artifacts)
        {
            if (policy.AllowedKinds.Count > 0 && !policy.AllowedKinds.Contains(artifact.Kind, StringComparer.Ordinal))
            {
                return new(
                    ImportReasons.KindNotAllowed,
                    $"artifact {artifact.Name} is a {artifact.Kind}; this high side accepts only {string.Join(", ", policy.AllowedKinds)}");
            }

            if (policy.AllowedSources.Count > 0 && !policy.AllowedSources.Any(s => artifact.Source.StartsWith(s, StringComparison.Ordinal)))
            {
                return new(ImportReasons.SourceNotAllowed, $"artifact {artifact.Name} comes from {artifact.Source}, which is not an allowed source");
            }
        }

        return null;
    }
}
