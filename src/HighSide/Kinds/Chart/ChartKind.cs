using TransferPipeline.Hosting.Options;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Kinds.Chart;

/// <summary>Charts go to the chart repository directory (Mirrors:Charts) with a regenerated index.yaml.</summary>
internal sealed class ChartKind : PublishingKind<ChartPublisher>
{
    public override string Name => ArtifactKinds.Chart;

    protected override void AddMirror(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ChartMirrorOptions, ChartMirrorOptionsValidator>(configuration, ChartMirrorOptions.Section);
        services.AddSingleton<ChartRepository>();
    }
}
