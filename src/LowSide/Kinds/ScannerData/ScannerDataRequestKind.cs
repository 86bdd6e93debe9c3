using System.CommandLine;
using FluentValidation;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.LowSide.Kinds.File;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.LowSide.Kinds.ScannerData;

/// <summary>
/// One file of scanner data (ClamAV signatures, OSV records) served over http(s), published under what it is
/// (clamav, osv): the high side installs it and scans with it from then on. It is downloaded exactly as a file is.
/// </summary>
internal sealed class ScannerDataRequestKind : GatheringKind<FileGatherer>
{
    private readonly Argument<string> _name = new("NAME") { Description = $"What data it is: {ScannerDataFiles.Description}" };
    private readonly Argument<string> _url = new("URL") { Description = "http(s) URL of the data file" };
    private readonly Option<string?> _sha256 = new("--sha256") { Description = "Expected SHA-256 (hex); the download is refused if it differs" };

    public override string Name => ArtifactKinds.ScannerData;

    public override string Description => "Request scanner data (ClamAV signatures, OSV records) served over http(s)";

    protected override IValidator<NewRequest> CreateRules() => new ScannerDataRequestRules();

    public override void AddArguments(Command command)
    {
        command.Add(_name);
        command.Add(_url);
        command.Add(_sha256);
    }

    public override NewRequest Read(ParseResult parse) =>
        new() { Kind = Name, Name = parse.GetValue(_name), Source = parse.GetValue(_url), Sha256 = parse.GetValue(_sha256) };

    public override Failure? CheckSource(NewRequest request, SourcePolicy policy) => policy.CheckUrl(new Uri(request.Source!), "source");

    public override (string Name, string? Version) PublishedName(ArtifactRequest request) => (request.Name!, null);
}
