using TransferPipeline.HighSide.Kinds.Chart;
using TransferPipeline.HighSide.Kinds.Deb;
using TransferPipeline.HighSide.Kinds.File;
using TransferPipeline.HighSide.Kinds.Image;
using TransferPipeline.HighSide.Kinds.Npm;
using TransferPipeline.HighSide.Kinds.PyPI;
using TransferPipeline.HighSide.Kinds.NuGet;
using TransferPipeline.HighSide.Kinds.ScannerData;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>Every artifact kind the high side can publish: the one list that replaces switches on a kind.</summary>
internal static class PublishKinds
{
    public static IReadOnlyList<PublishKind> All { get; } =
    [
        new ImageKind(),
        new FileKind(),
        new ChartKind(),
        new ScannerDataKind(),
        new DebKind(),
        new NpmKind(),
        new PyPIKind(),
        new NuGetKind(),
    ];

    public static PublishKind? Find(string? name) => All.FirstOrDefault(k => k.Name == name);

    public static IServiceCollection AddPublishKinds(this IServiceCollection services, IConfiguration configuration)
    {
        foreach (var kind in All)
        {
            kind.AddServices(services, configuration);
        }

        return services;
    }
}
