using System.CommandLine;
using FluentValidation;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>
/// A Helm chart from an HTTP chart repository or an OCI registry, published under its name and version, with the images it
/// needs as parts of the same request.
/// </summary>
internal sealed class ChartRequestKind : GatheringKind<ChartGatherer>
{
    private readonly Argument<string> _repository = new("REPO_URL")
    {
        Description = "URL of the chart repository (where index.yaml lives), or oci://registry/path for a chart in a registry",
    };
    private readonly Argument<string> _name = new("NAME") { Description = "Chart name" };
    private readonly Option<string> _version = new("--version") { Description = "Chart version", Required = true };

    public override string Name => ArtifactKinds.Chart;

    public override string Description => "Request a Helm chart (and the images it needs) from a chart repository or an OCI registry";

    protected override IValidator<NewRequest> CreateRules() => new ChartRequestRules();

    public override void AddArguments(Command command)
    {
        command.Add(_repository);
        command.Add(_name);
        command.Add(_version);
    }

    public override NewRequest Read(ParseResult parse) =>
        new() { Kind = Name, Source = parse.GetValue(_repository), Name = parse.GetValue(_name), Version = parse.GetValue(_version) };

    public override Failure? CheckSource(NewRequest request, SourcePolicy policy) =>
        OciChartSource.Registry(request.Source) is { } registry
            ? policy.CheckRegistry(registry, "source")
            : policy.CheckUrl(new Uri(request.Source!), "source");

    public override (string Name, string? Version) PublishedName(ArtifactRequest request) => (request.Name!, request.Version);
}
