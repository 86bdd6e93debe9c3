using TransferPipeline.Hosting.Options;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Kinds.ScannerData;

/// <summary>Scanner data is installed in the data directory and activated for the scanners (ScannerData: the unpacking limits).</summary>
internal sealed class ScannerDataKind : PublishingKind<ScannerDataPublisher>
{
    public override string Name => ArtifactKinds.ScannerData;

    protected override void AddMirror(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ScannerDataOptions, ScannerDataOptionsValidator>(configuration, ScannerDataOptions.Section);
        services.AddSingleton<ScannerDataRepository>();
        services.AddSingleton<ScannerDataCheck>();
    }
}
