using TransferPipeline.Hosting.Options;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Kinds.PyPI;

/// <summary>
/// Python packages go to a static PEP 503 simple index (Mirrors:PyPI): files at packages/NAME/FILE, and simple/index.html
/// and simple/NAME/index.html regenerated from the published files recorded in the database.
/// </summary>
internal sealed class PyPIKind : PublishingKind<PyPIPublisher>
{
    public override string Name => ArtifactKinds.PyPI;

    protected override void AddMirror(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PyPIMirrorOptions, PyPIMirrorOptionsValidator>(configuration, PyPIMirrorOptions.Section);
        services.AddSingleton<PyPIPackageRepository>();
        services.AddSingleton<PyPIPackageSets>();
        services.AddSingleton<IImportedArtifactCheck>(s => s.GetRequiredService<PyPIPackageSets>());
    }
}
