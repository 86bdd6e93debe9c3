using System.CommandLine;
using FluentValidation;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.NuGet;

namespace TransferPipeline.LowSide.Kinds.NuGet;

/// <summary>
/// NuGet packages from a v3 feed: exact versions named as <c>Id@Version</c> (nothing resolved for them), or every package a
/// packages.lock.json resolves (<c>--lock</c>). Published as one package set under the pins or the lock file's label.
/// </summary>
internal sealed class NuGetRequestKind : GatheringKind<NuGetGatherer>
{
    /// <summary>The longest lock file a request carries.</summary>
    public const int MaxLockChars = 4 * 1024 * 1024;

    private readonly Argument<string> _serviceIndex = new("SERVICE_INDEX")
    {
        Description = "The feed's v3 service index URL, e.g. https://api.nuget.org/v3/index.json",
    };
    private readonly Argument<string[]> _pins = new("ID@VERSION")
    {
        Description = "Exact normalised versions, e.g. Newtonsoft.Json@13.0.3 (their dependencies are not resolved: use --lock)",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private readonly Option<FileInfo?> _lock = new("--lock")
    {
        Description = "A packages.lock.json (RestorePackagesWithLockFile): every package it resolves, for every target, is gathered",
    };

    public override string Name => ArtifactKinds.NuGet;

    public override string Description => "Request NuGet packages (exact versions, or every package of a packages.lock.json) from a v3 feed";

    public override IValidator<NewRequest> Rules { get; } = new NuGetRequestRules();

    public override int MaxDocumentChars => MaxLockChars;

    public override void AddArguments(Command command)
    {
        command.Add(_serviceIndex);
        command.Add(_pins);
        command.Add(_lock);
    }

    public override NewRequest Read(ParseResult parse)
    {
        var request = new NewRequest { Kind = Name, Source = parse.GetValue(_serviceIndex) };
        var pins = parse.GetValue(_pins) ?? [];
        if (parse.GetValue(_lock) is not { } lockFile)
        {
            return request with { Name = pins.Length == 0 ? null : string.Join(' ', pins) };
        }

        // Pins beside a lock file leave a name the rules refuse, rather than being silently dropped. A lock file lies beside
        // its project, so the project's folder names it.
        var text = System.IO.File.ReadAllText(lockFile.FullName);
        return request with { Document = text, Name = pins.Length > 0 ? string.Join(' ', pins) : NuGetNames.LockLabel(lockFile.Directory?.Name) };
    }

    public override Failure? CheckSource(NewRequest request, SourcePolicy policy) => policy.CheckUrl(new Uri(request.Source!), "source");

    public override (string Name, string? Version) PublishedName(ArtifactRequest request) => (request.Name!, null);
}
