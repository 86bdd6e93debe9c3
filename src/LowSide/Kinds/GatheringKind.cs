namespace TransferPipeline.LowSide.Kinds;

/// <summary>A <see cref="RequestKind"/> gathered by <typeparamref name="TGatherer"/>: the compiler sees that every kind has one.</summary>
internal abstract class GatheringKind<TGatherer> : RequestKind
    where TGatherer : class, IArtifactGatherer
{
    public sealed override void AddGatherer(IServiceCollection services) => services.AddKeyedSingleton<IArtifactGatherer, TGatherer>(Name);
}
