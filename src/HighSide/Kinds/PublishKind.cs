namespace TransferPipeline.HighSide.Kinds;

/// <summary>
/// What one artifact kind needs on the high side: the mirror it is published to (with its options) and
/// its publisher. Adding a kind is a folder with a subclass and one line in <see cref="PublishKinds"/>.
/// </summary>
internal abstract class PublishKind
{
    /// <summary>The kind's name in the batch manifest (one of <c>ArtifactKinds</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Registers the kind's mirror options and its publisher, keyed by <see cref="Name"/>.</summary>
    public abstract void AddServices(IServiceCollection services, IConfiguration configuration);
}
