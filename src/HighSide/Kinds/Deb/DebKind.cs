using TransferPipeline.Hosting.Options;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>
/// Debian packages go to a signed apt repository below the apt mirror (Mirrors:Debian), one per upstream repository,
/// its indexes regenerated from the published packages recorded in the database.
/// </summary>
internal sealed class DebKind : PublishingKind<DebPublisher>
{
    public override string Name => ArtifactKinds.Deb;

    protected override void AddMirror(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DebMirrorOptions, DebMirrorOptionsValidator>(configuration, DebMirrorOptions.Section);
        services.AddSingleton<DebPackageRepository>();
        services.AddSingleton<DebPackageSets>();
        services.AddSingleton<IImportedArtifactCheck>(s => s.GetRequiredService<DebPackageSets>());
        services.AddSingleton<SiteArchiveKey>();
        services.AddSingleton<DebSuiteWriter>();
    }
}
