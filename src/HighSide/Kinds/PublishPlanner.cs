using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>
/// Derives a batch's publish plan from its signed manifest in quarantine (read only while its SHA-256
/// is the one verified at import) and the mirrors' settings: no database row decides a target.
/// </summary>
internal sealed class PublishPlanner(QuarantineManifest manifests, IServiceProvider services)
{
    public async Task<Outcome<PublishPlan>> PlanAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        var artifacts = await manifests.ReadArtifactsAsync(batch, cancellationToken);
        return artifacts.IsOk ? Plan(batch.Id, artifacts.Value) : artifacts.Error;
    }

    /// <summary>The plan of these artifacts, or why there is none: a kind without a publisher, or an artifact its publisher cannot name a target for.</summary>
    public Outcome<PublishPlan> Plan(string batchId, IEnumerable<ManifestArtifact> artifacts)
    {
        var targets = new List<PublishTarget>();
        try
        {
            foreach (var (artifact, position) in artifacts.Select((a, i) => (a, i)))
            {
                var kind = PublishKinds.Find(artifact.Kind)
                    ?? throw new PublishException(PublishReasons.QuarantineTampered, $"unknown artifact kind {artifact.Kind}");
                targets.Add(new PublishTarget(position, artifact, services.GetRequiredKeyedService<IArtifactPublisher>(kind.Name).PlanLine(artifact)));
            }
        }
        catch (PublishException ex)
        {
            return new Failure(ex.Code, $"batch {batchId} cannot be planned: {ex.Message}");
        }

        return new PublishPlan(targets);
    }
}
