using TransferPipeline.LowSide.Kinds.Chart;
using TransferPipeline.LowSide.Kinds.Deb;
using TransferPipeline.LowSide.Kinds.File;
using TransferPipeline.LowSide.Kinds.Image;
using TransferPipeline.LowSide.Kinds.Npm;
using TransferPipeline.LowSide.Kinds.PyPI;
using TransferPipeline.LowSide.Kinds.NuGet;
using TransferPipeline.LowSide.Kinds.ScannerData;

namespace TransferPipeline.LowSide.Kinds;

/// <summary>Every artifact kind the low side can request and gather: the one list that replaces switches on a kind.</summary>
internal static class RequestKinds
{
    public static IReadOnlyList<RequestKind> All { get; } =
    [
        new ImageRequestKind(),
        new FileRequestKind(),
        new ChartRequestKind(),
        new ScannerDataRequestKind(),
        new DebRequestKind(),
        new NpmRequestKind(),
        new PyPIRequestKind(),
        new NuGetRequestKind(),
    ];

    /// <summary>"image, file, chart, scanner-data, deb, npm, pypi or nuget", for messages.</summary>
    public static string Names => string.Join(", ", All.Take(All.Count - 1).Select(k => k.Name)) + " or " + All[^1].Name;

    public static RequestKind? Find(string? name) => All.FirstOrDefault(k => k.Name == name);

    public static RequestKind Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"'{name}' is not an artifact kind this low side knows ({Names})");

    public static IServiceCollection AddRequestKinds(this IServiceCollection services, IConfiguration configuration)
    {
        foreach (var kind in All)
        {
            kind.AddGatherer(services);
            kind.AddServices(services, configuration);
        }

        return services;
    }
}
