namespace TransferPipeline.HighSide.Kinds;

/// <summary>A <see cref="PublishKind"/> published by <typeparamref name="TPublisher"/>: the compiler sees that every kind has one.</summary>
internal abstract class PublishingKind<TPublisher> : PublishKind
    where TPublisher : class, IArtifactPublisher
{
    public sealed override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        AddMirror(services, configuration);
        services.AddKeyedSingleton<IArtifactPublisher, TPublisher>(Name);
    }

    /// <summary>The options of the kind's mirror and whatever its publisher needs besides.</summary>
    protected abstract void AddMirror(IServiceCollection services, IConfiguration configuration);
}
