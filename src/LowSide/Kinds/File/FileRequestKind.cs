using System.CommandLine;
using FluentValidation;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.LowSide.Kinds.File;

/// <summary>A file served over http(s), published under the last segment of its URL.</summary>
internal sealed class FileRequestKind : GatheringKind<FileGatherer>
{
    private readonly Argument<string> _url = new("URL") { Description = "http(s) URL of the file" };
    private readonly Option<string?> _sha256 = new("--sha256") { Description = "Expected SHA-256 (hex); the download is refused if it differs" };

    public override string Name => ArtifactKinds.File;

    public override string Description => "Request a file served over http(s)";

    protected override IValidator<NewRequest> CreateRules() => new FileRequestRules();

    public override void AddArguments(Command command)
    {
        command.Add(_url);
        command.Add(_sha256);
    }

    public override NewRequest Read(ParseResult parse) => new() { Kind = Name, Source = parse.GetValue(_url), Sha256 = parse.GetValue(_sha256) };

    public override Failure? CheckSource(NewRequest request, SourcePolicy policy) => policy.CheckUrl(new Uri(request.Source!), "source");

    public override (string Name, string? Version) PublishedName(ArtifactRequest request) => (NameOf(request.Source), null);

    /// <summary>The name a file is published under: its URL's last path segment, percent-decoded; <c>file</c> when it has none.</summary>
    public static string NameOf(string source)
    {
        var segment = Uri.UnescapeDataString(new Uri(source).Segments.LastOrDefault() ?? "").Trim('/');
        return segment.Length == 0 ? "file" : segment;
    }
}
