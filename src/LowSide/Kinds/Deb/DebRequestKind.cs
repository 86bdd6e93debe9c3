using System.CommandLine;
using FluentValidation;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Hosting.Options;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// Debian packages with everything they depend on, from one suite and component of an apt repository and for one
/// architecture, published under the names requested. Source "URL SUITE COMPONENT", Name the package names separated by
/// spaces, Platforms the one architecture.
/// </summary>
internal sealed class DebRequestKind : GatheringKind<DebGatherer>
{
    private readonly Argument<string> _repository = new("URL")
    {
        Description = "http(s) URL of the Debian repository (where dists/ and pool/ are)",
    };
    private readonly Argument<string[]> _packages = new("PACKAGE") { Description = "Package names", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string> _suite = new("--suite") { Description = "Suite or codename (bookworm, stable, ...)", Required = true };
    private readonly Option<string> _component = new("--component") { Description = "Component", DefaultValueFactory = _ => "main" };
    private readonly Option<string> _architecture = new("--arch") { Description = "Architecture", DefaultValueFactory = _ => "amd64" };

    public override string Name => ArtifactKinds.Deb;

    public override string Description => "Request Debian packages and everything they depend on from an apt repository";

    protected override IValidator<NewRequest> CreateRules() => new DebRequestRules();

    public override void AddArguments(Command command)
    {
        command.Add(_repository);
        command.Add(_packages);
        command.Add(_suite);
        command.Add(_component);
        command.Add(_architecture);
    }

    public override NewRequest Read(ParseResult parse)
    {
        var written = $"{parse.GetValue(_repository)} {parse.GetValue(_suite)} {parse.GetValue(_component)}";
        return new()
        {
            Kind = Name,
            Source = DebianSource.TryParse(written, out var source) ? source.ToString() : written,
            Name = string.Join(' ', parse.GetValue(_packages) ?? []),
            Platforms = [parse.GetValue(_architecture)!],
        };
    }

    // The repository's prefix with its slash: Sources:Allowed prefixes end at a path boundary.
    public override Failure? CheckSource(NewRequest request, SourcePolicy policy) =>
        DebianSource.TryParse(request.Source, out var source)
            ? policy.CheckUrl(source.Resolve(""), "source")
            : LowSideFailure.Create(LowSideReasons.ValidationFailed, $"source must be {DebianSource.Description}", "source");

    public override (string Name, string? Version) PublishedName(ArtifactRequest request) => (request.Name!, null);

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DebianOptions, DebianOptionsValidator>(configuration, DebianOptions.Section);
        services.AddSingleton<InReleaseVerifier>();
        services.AddSingleton<PackagesIndexFetcher>();
    }
}
