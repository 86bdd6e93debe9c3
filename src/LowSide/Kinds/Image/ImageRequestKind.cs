using System.CommandLine;
using FluentValidation;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.LowSide.Kinds.Image;

/// <summary>A container image (or a multi-arch index) from an OCI registry, published under its repository and tag.</summary>
internal sealed class ImageRequestKind : GatheringKind<ImageGatherer>
{
    private readonly Argument<string> _reference = new("REF") { Description = "registry/repo:tag or registry/repo@sha256:..." };
    private readonly Option<string[]> _platform = new("--platform") { Description = "The one os/arch[/variant] to take from a multi-arch index (default all)" };

    public override string Name => ArtifactKinds.Image;

    public override string Description => "Request a container image";

    protected override IValidator<NewRequest> CreateRules() => new ImageRequestRules();

    public override void AddArguments(Command command)
    {
        command.Add(_reference);
        command.Add(_platform);
    }

    public override NewRequest Read(ParseResult parse) =>
        new() { Kind = Name, Source = parse.GetValue(_reference), Platforms = parse.GetValue(_platform) ?? [] };

    public override Failure? CheckSource(NewRequest request, SourcePolicy policy) =>
        policy.CheckRegistry(ImageReference.Parse(request.Source!).Registry, "source");

    public override (string Name, string? Version) PublishedName(ArtifactRequest request)
    {
        var reference = ImageReference.Parse(request.Source);
        return (reference.Repository, reference.Tag ?? reference.Digest?.Hex[..12]);
    }
}
