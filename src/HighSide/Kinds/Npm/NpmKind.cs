using TransferPipeline.Hosting.Options;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Kinds.Npm;

/// <summary>
/// npm packages go to a static npm registry (Mirrors:Npm, reached at Mirrors:NpmUrl): tarballs at NAME/-/FILE and a packument
/// per name, NAME/index.json, regenerated from the published packages recorded in the database.
/// </summary>
internal sealed class NpmKind : PublishingKind<NpmPublisher>
{
    public override string Name => ArtifactKinds.Npm;

    protected override void AddMirror(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<NpmMirrorOptions, NpmMirrorOptionsValidator>(configuration, NpmMirrorOptions.Section);
        services.AddSingleton<NpmPackageRepository>();
        services.AddSingleton<NpmPackageSets>();
        services.AddSingleton<IImportedArtifactCheck>(s => s.GetRequiredService<NpmPackageSets>());
    }
}
