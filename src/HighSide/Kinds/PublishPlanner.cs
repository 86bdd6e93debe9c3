using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Hosting.Outcomes;

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
        if (!artifacts.IsOk)
        {
            return artifacts.Error;
        }

        var targets = new List<PublishTarget>();
        try
        {
            foreach (var (artifact, position) in artifacts.Value.Select((a, i) => (a, i)))
            {
                var kind = PublishKinds.Find(artifact.Kind)
                    ?? throw new PublishException(PublishReasons.QuarantineTampered, $"unknown artifact kind {artifact.Kind}");
                targets.Add(new PublishTarget(position, artifact, services.GetRequiredKeyedService<IArtifactPublisher>(kind.Name).PlanLine(artifact)));
            }
        }
        catch (PublishException ex)
        {
            return new Failure(ex.Code, $"batch {batch.Id} cannot be planned: {ex.Message}");
        }

        return new PublishPlan(targets);
    }
}
