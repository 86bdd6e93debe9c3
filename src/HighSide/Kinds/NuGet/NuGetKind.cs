using TransferPipeline.Hosting.Options;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Kinds.NuGet;

/// <summary>
/// NuGet packages go to a static NuGet v3 feed (Mirrors:NuGet, reached at Mirrors:NuGetUrl): a service index and a flat
/// container whose tree is also a hierarchical folder feed, regenerated from the published packages recorded in the database.
/// </summary>
internal sealed class NuGetKind : PublishingKind<NuGetPublisher>
{
    public override string Name => ArtifactKinds.NuGet;

    protected override void AddMirror(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<NuGetMirrorOptions, NuGetMirrorOptionsValidator>(configuration, NuGetMirrorOptions.Section);
        services.AddSingleton<NuGetPackageRepository>();
        services.AddSingleton<NuGetPackageSets>();
        services.AddSingleton<IImportedArtifactCheck>(s => s.GetRequiredService<NuGetPackageSets>());
    }
}
